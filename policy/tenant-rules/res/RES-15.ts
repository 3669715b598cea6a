/**
 * RES-15: the central audit collector of a site is a host of the site, or a custodian of audit logs the
 * classification allows. Its stack twin is KEY-03 (policy/stack-rules/key/KEY-03.ts), on socket audit devices.
 */
import { hostOf } from '../../hosts';
import { policy, standard } from '../../source';
import type { TenantRule } from '../tenant-rule';
import { custodyFindings } from './custody';

export const RES_15: TenantRule = {
  id: 'RES-15',
  title: "The site's audit collector is in the site, or a custodian of audit logs the classification allows",
  severity: 'error',
  rationale:
    'The audit log says who used which key and read which secret, with the request paths: it is data of the tenant, and a copy of it kept abroad is within reach of the law there. ' +
    'A collector outside the site\'s domains is accepted only at a custodian registered in sites.yaml, judged like a site.',
  sources: [policy('docs/residency-policy.md, Custodians (audit logs stay where the data may)', 'govcloud-tenants'), standard('SecNumCloud 3.2, 19.6.a-b')],
  concerns: ['keys'],
  check(input) {
    return custodyFindings(this, input, (site) => {
      const collector = site.vault.auditCollector;
      const host = collector ? hostOf(collector) : undefined;
      return collector && host ? { kind: 'audit', what: 'audit collector', field: 'vault.auditCollector', value: collector, host } : undefined;
    });
  },
};
