import { hostOf, siteOfHost } from '../../hosts';
import { custodyProblem } from '../../tenant-rules/res/custody';
import { stackFinding, type StackRule } from '../stack-rule';
import { standard } from '../../source';

export const RES_03: StackRule = {
  id: 'RES-03',
  title: "The Vault provider talks to the tenant site's key custodian",
  severity: 'error',
  rises: false,
  rationale:
    'Keys and secrets stay with the custodian of the site the classification allows (EDPB: keys solely with the exporter). ' +
    "The site's Vault itself must be a host of the site or a registered custodian of keys the classification allows, as the tenant rule RES-14 judges it.",
  fix: "set the Vault provider address to the tenant site's Vault (sites.yaml vault.address)",
  sources: [standard('SecNumCloud 3.2, 10.5.c'), standard("EDPB Recommendations 01/2020 on supplementary measures, use case 1 (keys solely under the exporter's control)")],
  examines: ['provider.vault'],
  scopes: ['tenant', 'site'],
  check(ctx) {
    return ctx.doc.providers
      .filter((p) => p.type === 'vault')
      .flatMap((p) => {
        const address = p.values.address;
        const host = typeof address === 'string' ? hostOf(address) : undefined;
        const at = `provider.vault${p.alias ? `.${p.alias}` : ''}`;
        if (host && host === hostOf(ctx.site.vault.address)) {
          // The site's own Vault: right for the stack, unless the site keeps it where the classification may not.
          const problem = custodyProblem(ctx, host, 'keys', this.sources);
          if (!problem) return [];
          const finding = stackFinding(this, ctx, at, { attribute: 'address', found: `address is ${JSON.stringify(address)}, the Vault of site ${ctx.site.id}, which ${problem.where}`, allowed: problem.allowed });
          return [{ ...finding, source: problem.source }];
        }
        const other = host ? siteOfHost(host, ctx.catalogue, ctx.site) : undefined;
        return [
          stackFinding(this, ctx, at, {
            attribute: 'address',
            found: address === undefined ? 'no address (VAULT_ADDR at run time decides)' : `address is ${JSON.stringify(address)}${other ? ` (site ${other.id}, ${other.country})` : ' (not a registered Vault)'}`,
            allowed: `${ctx.site.vault.address}, the Vault of site ${ctx.site.id}`,
          }),
        ];
      });
  },
};
