import { hostOf, underSiteDomains } from '../../hosts';
import { isLiteral } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { airGapOf, PROVIDER_ENDPOINT, whereIs } from './net-facts';
import { PQ3639_AIR_GAP } from '../../pq-3639';

export const NET_08: StackRule = {
  id: 'NET-08',
  title: "In an air-gapped classification, the providers talk only to the enclave's own vCenter and Vault",
  severity: 'error',
  rises: false,
  rationale:
    'Terraform talks to the provider endpoints on every plan and apply; in an enclave a vCenter or Vault outside its domains is a link out of it, or a stack that was built for another site. ' +
    'vsphere_server is a bare host name, which the URL rule NET-06 does not read.',
  fix: "point the providers at the enclave's own vCenter and Vault (sites.yaml vsphere.server and vault.address, under the site's domains)",
  sources: [PQ3639_AIR_GAP],
  examines: ['provider.vsphere', 'provider.vault'],
  check(ctx) {
    if (!ctx.classification.airGapped.value) return [];
    const out: StackFinding[] = [];
    for (const p of ctx.doc.providers) {
      const attribute = PROVIDER_ENDPOINT[p.type];
      const value = attribute && p.values[attribute];
      if (!attribute || !isLiteral(value)) continue;
      const host = hostOf(value);
      if (host && underSiteDomains(host, ctx.site)) continue;
      out.push(
        stackFinding(this, ctx, `provider.${p.type}${p.alias ? `.${p.alias}` : ''}`, {
          attribute,
          found: `provider ${p.type} talks to ${host ?? JSON.stringify(value)}${host ? ` ${whereIs(ctx, host)}` : ''}`,
          allowed: `a host under ${ctx.site.domains.join(', ')}: ${airGapOf(ctx)}`,
        }),
      );
    }
    return out;
  },
};
