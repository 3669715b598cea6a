/**
 * Key custody rules (KEY) over declared tenants: the audit devices the site can give a tenant (KEY-02), and how
 * long the site keeps their logs (KEY-10). KEY-02 also judges the synthesized Terraform
 * (policy/stack-rules/key/KEY-02.ts); retention is not in the stack, so KEY-10 judges the site record only.
 */
import type { Site } from '../model';
import type { TenantRule } from './tenant-rule';
import { siteAllowsPlacement } from './res';
import { suggestSites } from './site-suggestions';
import { formatSources } from '../source';
import { law, policy, standard } from '../source';

/** What the EHDS asks of access logs: for the shared care record (primary use) and for secure processing environments (research). */
const EHDS_ACCESS_LOGS = [
  law('EHDS art. 9(2) (health, the shared care record: information on who accessed it kept at least three years)'),
  law('EHDS art. 73(1)(e) (health-research, secure processing environments: access logs kept at least one year)'),
];

export const KEY_02: TenantRule = {
  id: 'KEY-02',
  title: 'Enough audit devices, one of them central, for the classification',
  severity: 'error',
  rationale:
    'Vault answers a request only if an audit device logs it; two devices (a local file and a central collector) ' +
    'keep the log when one is blocked and put a copy on a distinct machine.',
  sources: [
    standard('SecNumCloud 3.2, 12.6.b, 12.7.c'),
    ...EHDS_ACCESS_LOGS,
  ],
  concerns: ['keys'],
  check(input) {
    const { site, classification: c } = input;
    const available = site.vault.auditCollector ? 2 : 1;
    if (available >= c.auditDevices.value) return [];
    return [
      {
        ruleId: this.id,
        severity: this.severity,
        tenant: input.tenant,
        field: 'site',
        found: `site ${site.id} has no vault.auditCollector, so a tenant gets only a local file audit device`,
        allowed: `classification ${c.id} requires ${c.auditDevices.value} audit devices, one sent to a central collector`,
        fix: `register the site's audit collector in config/sites.yaml (vault.auditCollector) or choose another site (${suggestSites(
          input,
          (s) => Boolean(s.vault.auditCollector) && siteAllowsPlacement(s, input.classification),
        )})`,
        source: formatSources(c.auditDevices.source),
      },
    ];
  },
};

/**
 * How long a site keeps its tenants' audit logs: the longer of what its collector keeps (`vault.auditRetentionDays`,
 * counted only with a collector) and what its Vault servers keep in their local files (`vault.localAuditRetentionDays`),
 * with the words that say which; undefined days when it declares neither.
 */
export function auditRetentionOf(site: Site): { days?: number; kept: string } {
  const collector = site.vault.auditCollector ? site.vault.auditRetentionDays : undefined;
  const local = site.vault.localAuditRetentionDays;
  if (collector === undefined && local === undefined) {
    return { kept: `site ${site.id} declares no audit log retention (${site.vault.auditCollector ? 'vault.auditRetentionDays for its collector, ' : ''}vault.localAuditRetentionDays for its Vault servers' files)` };
  }
  if (local === undefined || (collector !== undefined && collector >= local)) {
    return { days: collector, kept: `the audit collector of site ${site.id} keeps audit logs ${collector} days (vault.auditRetentionDays)` };
  }
  return { days: local, kept: `the Vault servers of site ${site.id} keep their audit files ${local} days (vault.localAuditRetentionDays)` };
}

/** Why a site that declares no retention is refused rather than warned about: its logs are kept for no known time. */
const UNDECLARED = policy('docs/residency-policy.md, Retention (a site that declares no audit log retention is refused)', 'govcloud-tenants');

export const KEY_10: TenantRule = {
  id: 'KEY-10',
  title: 'The site keeps audit logs as long as the classification requires',
  severity: 'error',
  rationale:
    'An audit log answers who used which key and read which secret only while it is kept. Each classification says for how long ' +
    '(auditRetentionDays, with its source: SecNumCloud\'s six months at least, the EHDS\'s three years for access to the shared care record and one year ' +
    'for secure processing environments); each site attests how long its collector, or its Vault servers, keep them. A site that declares nothing keeps them for no known time.',
  sources: [
    standard('SecNumCloud 3.2, 12.6.c (event logs kept at least six months)'),
    ...EHDS_ACCESS_LOGS,
    UNDECLARED,
  ],
  concerns: ['keys'],
  check(input) {
    const { site, classification: c } = input;
    const required = c.auditRetentionDays.value;
    const { days, kept } = auditRetentionOf(site);
    if (days !== undefined && days >= required) return [];
    const field = site.vault.auditCollector ? 'vault.auditRetentionDays' : 'vault.localAuditRetentionDays, or vault.auditRetentionDays with a vault.auditCollector';
    return [
      {
        ruleId: this.id,
        severity: c.auditRetentionDays.level ?? this.severity,
        tenant: input.tenant,
        field: 'site',
        found: kept,
        allowed: `classification ${c.id} requires audit logs kept at least ${required} days`,
        fix: `once site ${site.id} keeps them ${required} days or more, declare it in config/sites.yaml (${field}); or choose a site that does (${suggestSites(
          input,
          (s) => siteAllowsPlacement(s, c) && (auditRetentionOf(s).days ?? 0) >= required,
        )})`,
        source: formatSources(days === undefined ? [...c.auditRetentionDays.source, UNDECLARED] : c.auditRetentionDays.source),
      },
    ];
  },
};

/** The key custody rules (KEY) over declared tenants, in report order. */
export const KEY_RULES: readonly TenantRule[] = [KEY_02, KEY_10];
