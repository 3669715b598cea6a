/**
 * The residency rules (RES) over declared tenants that judge where a tenant may be placed (country, operator,
 * jurisdiction, air gap, certifications, tier), one file per id beside this one. They need only the site and the
 * classification, so they also answer `siteAllowsPlacement`. The stack rules of the same family are in
 * policy/stack-rules/res/.
 */
import type { Classification, Site } from '../../model';
import type { TenantRule } from '../tenant-rule';
import type { PlacementIssue, PlacementRule } from './placement-rule';
import { suggestSites } from '../site-suggestions';
import { formatSources } from '../../source';
import { RES_01 } from './RES-01';
import { RES_04 } from './RES-04';
import { RES_10 } from './RES-10';
import { RES_11 } from './RES-11';
import { RES_12 } from './RES-12';
import { RES_13 } from './RES-13';

/** The placement rules, in report order. */
const JUDGES: readonly PlacementRule[] = [RES_01, RES_04, RES_10, RES_11, RES_12, RES_13];

/** Every way `site` fails `classification`, rule by rule in report order. */
export function placementIssues(site: Site, classification: Classification): PlacementIssue[] {
  return JUDGES.flatMap((rule) => rule.judge(site, classification));
}

/** True when no placement rule refuses `site` for data of `classification` (warnings do not refuse). */
export function siteAllowsPlacement(site: Site, classification: Classification): boolean {
  return placementIssues(site, classification).every((issue) => issue.severity !== 'error');
}

/** True when `site` meets every constraint of `classification`, warnings included. */
function siteMeetsAll(site: Site, classification: Classification): boolean {
  return placementIssues(site, classification).length === 0;
}

/** A placement rule as a tenant rule: each issue of the tenant's site is a finding on its `site` field. */
function asTenantRule(rule: PlacementRule): TenantRule {
  return {
    ...rule,
    check(input) {
      const c = input.classification;
      return rule.judge(input.site, c).map((issue) => ({
        ruleId: issue.ruleId,
        severity: issue.severity,
        tenant: input.tenant,
        field: 'site',
        found: issue.found,
        allowed: issue.allowed,
        fix:
          issue.severity === 'error'
            ? `choose a site that classification ${c.id} allows (${suggestSites(input, (s) => siteAllowsPlacement(s, c))})`
            : `nothing is refused; to meet the recommendation, have the site attested or choose one that meets every constraint of ${c.id} (${suggestSites(input, (s) => siteMeetsAll(s, c))})`,
        source: formatSources(issue.sources),
      }));
    },
  };
}

/** Rules about where a tenant may be placed; they need only the site and the classification. */
export const PLACEMENT_RULES: readonly TenantRule[] = JUDGES.map(asTenantRule);
