import { hostOf, siteOfHost } from '../../hosts';
import { stackFinding, type StackRule } from '../stack-rule';
import { standard } from '../../source';

export const RES_03: StackRule = {
  id: 'RES-03',
  title: "The Vault provider talks to the tenant site's key custodian",
  severity: 'error',
  rises: false,
  rationale: 'Keys and secrets stay with the custodian of the site the classification allows (EDPB: keys solely with the exporter).',
  fix: "set the Vault provider address to the tenant site's Vault (sites.yaml vault.address)",
  sources: [standard('SecNumCloud 3.2, 10.5.c'), standard("EDPB Recommendations 01/2020 on supplementary measures, use case 1 (keys solely under the exporter's control)")],
  examines: ['provider.vault'],
  check(ctx) {
    return ctx.doc.providers
      .filter((p) => p.type === 'vault')
      .flatMap((p) => {
        const address = p.values.address;
        const host = typeof address === 'string' ? hostOf(address) : undefined;
        if (host && host === hostOf(ctx.site.vault.address)) return [];
        const other = host ? siteOfHost(host, ctx.catalogue) : undefined;
        return [
          stackFinding(this, ctx, `provider.vault${p.alias ? `.${p.alias}` : ''}`, {
            attribute: 'address',
            found: address === undefined ? 'no address (VAULT_ADDR at run time decides)' : `address is ${JSON.stringify(address)}${other ? ` (site ${other.id}, ${other.country})` : ' (not a registered Vault)'}`,
            allowed: `${ctx.site.vault.address}, the Vault of site ${ctx.site.id}`,
          }),
        ];
      });
  },
};
