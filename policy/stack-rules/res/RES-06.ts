import { hostOf, siteOfHost } from '../../hosts';
import { custodyProblem } from '../../tenant-rules/res/custody';
import type { TfBlock } from '../../terraform/stack-document';
import { isLiteral, nestedBlocks, ofType, unknownAt } from '../block-values';
import { stackFinding, type StackContext, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { holdsPersonalData, protectedClasses } from './personal-data';
import { standard } from '../../source';

/** The Vault provider configuration a block is applied with (`provider = "vault.<alias>"`, else the default one). */
function vaultAddressOf(ctx: StackContext, block: TfBlock): unknown {
  const ref = block.values.provider;
  const alias = typeof ref === 'string' && ref.startsWith('vault.') ? ref.slice('vault.'.length) : undefined;
  return ctx.doc.providers.find((p) => p.type === 'vault' && p.alias === alias)?.values.address;
}

const keyName = (key: { path: string; values: Record<string, unknown> }) => JSON.stringify(key.values.name ?? key.path);

export const RES_06: StackRule = {
  id: 'RES-06',
  title: "Managed keys of personal data or above stay in the site's own HSM",
  severity: 'error',
  rises: false,
  rationale:
    'A managed key in AWS KMS or Azure Key Vault puts the key, and with it every secret it protects, with an operator a foreign law can compel (EDPB: keys solely with the exporter). ' +
    'An aws block is accepted only with an endpoint in the site (an AWS-KMS-compatible service of the site itself) or at a registered custodian of keys the classification allows. ' +
    'A pkcs block names a kms_library stanza of the Vault servers, so its HSM is the one the Vault that applies it loads: accepted when that Vault is in the site, or at such a custodian. ' +
    'Public and internal data are not judged here.',
  fix: "use a pkcs managed key on the site's HSM, configured on the site Vault (sites.yaml vault.address), or the site Vault's own transit engine",
  sources: [
    standard('SecNumCloud 3.2, 19.6.c (a third party must have no technical ability to obtain the data)'),
    standard('SecNumCloud 3.2, 10.5.c'),
    standard("EDPB Recommendations 01/2020 on supplementary measures, use case 1 (keys solely under the exporter's control)"),
    standard('Vault provider docs (managed_keys)'),
  ],
  examines: ['vault_managed_keys', 'provider.vault'],
  check(ctx) {
    if (!holdsPersonalData(ctx.classification)) return [];
    const out: StackFinding[] = [];
    const keysMayBeAt = (host: string) => !custodyProblem(ctx, host, 'keys', this.sources);
    const allowed = `pkcs keys on an HSM of site ${ctx.site.id}, through its Vault ${ctx.site.vault.address}: ${protectedClasses(ctx)}`;
    for (const keys of ofType(ctx, 'vault_managed_keys')) {
      for (const aws of nestedBlocks(keys.values, 'aws')) {
        if (unknownAt(keys, aws.path)) continue;
        const endpoint = aws.values.endpoint === '' ? undefined : aws.values.endpoint;
        if (endpoint !== undefined && !isLiteral(endpoint)) continue; // a reference: not known here
        const host = isLiteral(endpoint) ? hostOf(endpoint) : undefined;
        if (host && keysMayBeAt(host)) continue;
        const other = host ? siteOfHost(host, ctx.catalogue, ctx.site) : undefined;
        const where = host ? `an AWS KMS endpoint at ${host}${other ? ` (site ${other.id}, ${other.country})` : ' (not a host of any registered site)'}` : `AWS KMS${isLiteral(aws.values.region) ? ` in region ${aws.values.region}` : ''}`;
        out.push(stackFinding(this, ctx, keys, { attribute: aws.path, found: `managed key ${keyName(aws)} is in ${where}`, allowed }));
      }
      for (const azure of nestedBlocks(keys.values, 'azure')) {
        if (unknownAt(keys, azure.path)) continue;
        const vault = isLiteral(azure.values.vault_name) ? ` ${azure.values.vault_name}` : '';
        out.push(stackFinding(this, ctx, keys, { attribute: azure.path, found: `managed key ${keyName(azure)} is in Azure Key Vault${vault}`, allowed }));
      }
      // No literal Vault address: the Vault is not known here (RES-03 reports it).
      const address = vaultAddressOf(ctx, keys);
      const host = isLiteral(address) ? hostOf(address) : undefined;
      if (host && !keysMayBeAt(host)) {
        const other = siteOfHost(host, ctx.catalogue, ctx.site);
        for (const pkcs of nestedBlocks(keys.values, 'pkcs').filter((p) => !unknownAt(keys, p.path))) {
          out.push(
            stackFinding(this, ctx, keys, {
              attribute: pkcs.path,
              found: `managed key ${keyName(pkcs)} uses kms_library ${JSON.stringify(pkcs.values.library ?? '')} of the Vault at ${host}${other ? ` (site ${other.id}, ${other.country})` : ' (not a registered Vault)'}, so its HSM is not the site's`,
              allowed,
            }),
          );
        }
      }
    }
    return out;
  },
};
