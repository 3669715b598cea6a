/**
 * Key custody rules (KEY) over declared tenants: the audit devices the site can give a tenant (KEY-02). The same
 * id judges the synthesized Terraform (policy/stack-rules/key/KEY-02.ts).
 */
import type { TenantRule } from './tenant-rule';
import { siteAllowsPlacement } from './res';
import { suggestSites } from './site-suggestions';
import { formatSources } from '../source';
import { law, standard } from '../source';

export const KEY_02: TenantRule = {
  id: 'KEY-02',
  title: 'Enough audit devices, one of them central, for the classification',
  severity: 'error',
  rationale:
    'Vault answers a request only if an audit device logs it; two devices (a local file and a central collector) ' +
    'keep the log when one is blocked and put a copy on a distinct machine.',
  sources: [
    standard('SecNumCloud 3.2, 12.6.b, 12.7.c'),
    law('EHDS art. 9(2) (health, the shared care record: information on who accessed it kept at least three years)'),
    law('EHDS art. 73(1)(e) (health-research, secure processing environments: access logs kept at least one year)'),
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

/** The key custody rules (KEY) over declared tenants, in report order. */
export const KEY_RULES: readonly TenantRule[] = [KEY_02];
