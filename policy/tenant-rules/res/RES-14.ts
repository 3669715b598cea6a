/**
 * RES-14: the Vault (or OpenBao) that holds a site's tenant keys is a host of the site, or a custodian of keys the
 * classification allows. Its stack twin is RES-03 (policy/stack-rules/res/RES-03.ts), on the Vault provider.
 */
import { hostOf } from '../../hosts';
import { policy, standard } from '../../source';
import type { TenantRule } from '../tenant-rule';
import { custodyFindings } from './custody';

export const RES_14: TenantRule = {
  id: 'RES-14',
  title: "The site's Vault is held in the site, or by a custodian of keys the classification allows",
  severity: 'error',
  rationale:
    'Whoever holds the keys holds the data they open: a Vault run by a provider under another jurisdiction puts every tenant key within reach of that law, ' +
    'wherever the disks are. A Vault outside the site\'s domains is accepted only at a custodian registered in sites.yaml, which the placement rules judge like a site ' +
    '(countries, operator jurisdictions, EU establishment and control).',
  sources: [
    policy('docs/residency-policy.md, Custodians (key custody is a residency question)', 'govcloud-tenants'),
    standard('SecNumCloud 3.2, 19.6.a-b'),
    standard('EDPB Recommendations 01/2020 (keys solely with the exporter)'),
  ],
  concerns: ['keys'],
  check(input) {
    return custodyFindings(this, input, (site) => {
      const host = hostOf(site.vault.address);
      return host ? { kind: 'keys', what: 'Vault', field: 'vault.address', value: site.vault.address, host } : undefined;
    });
  },
};
