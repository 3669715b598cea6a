/**
 * Residency rules (RES) over declared tenants: which sites may hold the data of a classification (country,
 * operator, jurisdiction, air gap, certifications, tier). They need only the site and the classification, so they
 * also answer `siteAllowsPlacement`. The stack rules of the same family are in policy/stack-rules/res/. Domain
 * brief, section 7.
 */
import type { Finding } from '../finding';
import type { Classification, Site } from '../model';
import type { TenantPolicyInput, TenantRule } from './tenant-rule';
import { listOf, suggestSites } from './site-suggestions';
import { formatSources } from '../source';
import { law, policy, standard } from '../source';

const TIERS = ['I', 'II', 'III', 'IV'] as const;

/** True when every placement rule of this family lets `site` hold data of `classification`. */
export function siteAllowsPlacement(site: Site, classification: Classification): boolean {
  const input = { tenant: '', site, classification };
  return PLACEMENT_RULES.every((rule) => rule.check(input).length === 0);
}

function siteFinding(rule: TenantRule, input: TenantPolicyInput, found: string, allowed: string, source: string): Finding {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    tenant: input.tenant,
    field: 'site',
    found,
    allowed,
    fix: `choose a site that classification ${input.classification.id} allows (${suggestSites(input, (s) =>
      siteAllowsPlacement(s, input.classification),
    )})`,
    source,
  };
}

export const RES_01: TenantRule = {
  id: 'RES-01',
  title: 'Data stays in the countries its classification allows',
  severity: 'error',
  rationale: 'Where data is stored and processed decides which law reaches it.',
  sources: [standard('SecNumCloud 19.2.a-b'), law('GDPR art. 44'), law('EHDS art. 87')],
  concerns: ['placement'],
  check(input) {
    const { site, classification: c } = input;
    if (c.countries.value.includes(site.country)) return [];
    return [
      siteFinding(this, input, `site ${site.id} is in ${site.country}`, `classification ${c.id} allows ${listOf(c.countries.value)}`, formatSources(c.countries.source)),
    ];
  },
};

export const RES_04: TenantRule = {
  id: 'RES-04',
  title: 'The operator is EU-established and, where required, EU-controlled',
  severity: 'error',
  rationale: 'An operator established or controlled outside the EU can be compelled by foreign law (SecNumCloud 19.6).',
  sources: [standard('SecNumCloud 19.6.a-b')],
  concerns: ['placement'],
  check(input) {
    const { site, classification: c } = input;
    const out: Finding[] = [];
    if (c.euEstablished.value && !site.euEstablished) {
      out.push(siteFinding(this, input, `operator ${site.operator} of site ${site.id} is not EU-established`, `classification ${c.id} requires an EU-established operator`, formatSources(c.euEstablished.source)));
    }
    if (c.euControlled.value && !site.euControlled) {
      out.push(siteFinding(this, input, `operator ${site.operator} of site ${site.id} is not EU-controlled`, `classification ${c.id} requires an EU-controlled operator`, formatSources(c.euControlled.source)));
    }
    return out;
  },
};

export const RES_10: TenantRule = {
  id: 'RES-10',
  title: 'No law outside the allowed jurisdictions can compel the operator',
  severity: 'error',
  rationale: 'An EU region of a provider under foreign jurisdiction is still reachable by that jurisdiction (extraterritorial orders).',
  sources: [law('GDPR art. 48'), standard('SecNumCloud 19.6.c')],
  concerns: ['placement'],
  check(input) {
    const { site, classification: c } = input;
    const foreign = site.operatorJurisdictions.filter((j) => !c.operatorJurisdictions.value.includes(j));
    if (foreign.length === 0) return [];
    return [
      siteFinding(this, input, `operator ${site.operator} of site ${site.id} answers to ${listOf(foreign)} law`, `classification ${c.id} allows operators under ${listOf(c.operatorJurisdictions.value)} only`, formatSources(c.operatorJurisdictions.source)),
    ];
  },
};

export const RES_11: TenantRule = {
  id: 'RES-11',
  title: 'Air-gapped classifications go to air-gapped sites',
  severity: 'error',
  rationale: 'A classified workload must have no network path out of its enclave.',
  sources: [standard('SecNumCloud 12.10.c'), policy('Clarence model', 'govcloud-tenants')],
  concerns: ['placement'],
  check(input) {
    const { site, classification: c } = input;
    if (!c.airGapped.value || site.airGapped) return [];
    return [siteFinding(this, input, `site ${site.id} is connected`, `classification ${c.id} requires an air-gapped site`, formatSources(c.airGapped.source))];
  },
};

export const RES_12: TenantRule = {
  id: 'RES-12',
  title: 'The site holds the certifications the classification requires',
  severity: 'error',
  rationale: 'Certifications attest the controls a classification relies on; model them as data, never one scheme.',
  sources: [standard('SecNumCloud'), standard('HDS-2024'), standard('BSI C5')],
  concerns: ['placement'],
  check(input) {
    const { site, classification: c } = input;
    const out: Finding[] = [];
    const missing = c.certificationsAll.value.filter((x) => !site.certifications.includes(x));
    if (missing.length) {
      out.push(siteFinding(this, input, `site ${site.id} lacks ${listOf(missing)}`, `classification ${c.id} requires all of ${listOf(c.certificationsAll.value)}`, formatSources(c.certificationsAll.source)));
    }
    const anyOf = c.certificationsAnyOf.value;
    if (anyOf.length && !anyOf.some((x) => site.certifications.includes(x))) {
      out.push(siteFinding(this, input, `site ${site.id} holds none of ${listOf(anyOf)}`, `classification ${c.id} requires one of ${listOf(anyOf)}`, formatSources(c.certificationsAnyOf.source)));
    }
    return out;
  },
};

export const RES_13: TenantRule = {
  id: 'RES-13',
  title: 'The site meets the classification\'s minimum datacentre tier',
  severity: 'error',
  rationale: 'Availability of a national record (the DSP) is part of its protection.',
  sources: [standard('Uptime Institute tier'), policy('national policy', 'Government of Luxembourg')],
  concerns: ['placement'],
  check(input) {
    const { site, classification: c } = input;
    if (!c.minimumTier) return [];
    const have = site.tier ? TIERS.indexOf(site.tier) : -1;
    if (have >= TIERS.indexOf(c.minimumTier.value)) return [];
    return [siteFinding(this, input, `site ${site.id} is tier ${site.tier ?? 'unrated'}`, `classification ${c.id} requires tier ${c.minimumTier.value} or higher`, formatSources(c.minimumTier.source))];
  },
};

/** Rules about where a tenant may be placed; they need only the site and the classification. */
export const PLACEMENT_RULES: readonly TenantRule[] = [RES_01, RES_04, RES_10, RES_11, RES_12, RES_13];
