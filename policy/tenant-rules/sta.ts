/**
 * State rules (STA) over declared tenants: a site that requires remote state gives its tenants a backend (STA-01).
 * Where a stack actually keeps its state is judged on the synthesized Terraform (policy/stack-rules/sta.ts).
 */
import type { TenantRule } from './tenant-rule';
import { siteAllowsPlacement } from './res';
import { suggestSites } from './site-suggestions';
import { standard } from '../source';
import { formatSources } from '../source';

/** The type of state backend a site gives its tenants; a site without one keeps state local. */
const backendType = (site: { stateBackend?: { type: string } }) => site.stateBackend?.type ?? 'local';

export const STA_01: TenantRule = {
  id: 'STA-01',
  title: 'A site that requires remote state gives its tenants a remote state backend',
  severity: 'error',
  rationale:
    'Terraform state holds, in clear, every secret the Vault provider handled. A site that marks remoteStateRequired has decided ' +
    'that its tenants keep state on its own pg or s3 store, never in a file on whichever machine ran Terraform.',
  sources: [standard('Terraform docs (sensitive data in state)'), standard('SecNumCloud 3.2, 19.2.d')],
  concerns: ['state'],
  check(input) {
    const { site } = input;
    if (!site.remoteStateRequired || backendType(site) !== 'local') return [];
    return [
      {
        ruleId: this.id,
        severity: this.severity,
        tenant: input.tenant,
        field: 'site',
        found: `site ${site.id} requires remote state (remoteStateRequired: true) but its stateBackend is local`,
        allowed: `a pg or s3 stateBackend on a host of site ${site.id}`,
        fix: `give site ${site.id} a stateBackend of type pg or s3 in config/sites.yaml, or choose a site with remote state that classification ${input.classification.id} allows (${suggestSites(
          input,
          (s) => backendType(s) !== 'local' && siteAllowsPlacement(s, input.classification),
        )})`,
        source: formatSources(this.sources),
      },
    ];
  },
};

/** Tenant rules about where Terraform state is kept. */
export const STATE_LOCATION_RULES: readonly TenantRule[] = [STA_01];
