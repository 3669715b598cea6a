/**
 * RES-16: the pg database or s3 object store that keeps a site's Terraform state is a host of the site, or a
 * custodian of state the classification allows. Its stack twins are STA-02 and STA-03 (policy/stack-rules/sta.ts).
 */
import { hostOf } from '../../hosts';
import type { Site } from '../../model';
import { policy, standard } from '../../source';
import type { TenantRule } from '../tenant-rule';
import { custodyFindings, type CustodyEndpoint } from './custody';

/** The remote store of a site's state, if it has one. */
function stateStore(site: Site): CustodyEndpoint | undefined {
  const b = site.stateBackend;
  if (b?.type === 'pg') return { kind: 'state', what: 'state database', field: 'stateBackend.host', value: b.host, host: b.host.toLowerCase() };
  const host = b?.type === 's3' ? hostOf(b.endpoint) : undefined;
  return b?.type === 's3' && host ? { kind: 'state', what: 'state object store', field: 'stateBackend.endpoint', value: b.endpoint, host } : undefined;
}

export const RES_16: TenantRule = {
  id: 'RES-16',
  title: "The site's state store is in the site, or a custodian of state the classification allows",
  severity: 'error',
  rationale:
    'Terraform state holds every attribute of every resource, and every secret the Vault provider handled, in clear: where it is kept is a residency question of its own. ' +
    'A database or object store outside the site\'s domains is accepted only at a custodian registered in sites.yaml to hold state, judged like a site.',
  sources: [
    policy('docs/residency-policy.md, Custodians (state is kept where the data may be)', 'govcloud-tenants'),
    standard('SecNumCloud 3.2, 19.6.a-b'),
    standard('Terraform docs (sensitive data in state)'),
  ],
  concerns: ['state'],
  check(input) {
    return custodyFindings(this, input, stateStore);
  },
};
