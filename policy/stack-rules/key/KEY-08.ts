import { isTrue, nestedBlocks, ofType, providerAddress, VM } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { standard } from '../../source';

export const KEY_08: StackRule = {
  id: 'KEY-08',
  title: 'TLS certificates are verified everywhere',
  severity: 'error',
  rises: false,
  rationale: 'Without certificate verification anyone on the path can pose as vCenter, Vault or the state store and read the credentials and keys sent to it.',
  fix: 'remove the setting (verification is on by default) and give Terraform the site CA (VAULT_CACERT, the vCenter CA in the system store)',
  sources: [
    standard('SecNumCloud 3.2, 10.2.c, 10.6.a'),
    standard('vSphere provider docs (allow_unverified_ssl; vsphere_virtual_machine: ovf_deploy.allow_unverified_ssl_cert)'),
    standard('Vault provider docs (skip_tls_verify)'),
    standard('Terraform docs (backend type s3: insecure)'),
  ],
  examines: ['provider.vault', 'provider.vsphere', VM, 'terraform.backend'],
  scopes: ['tenant', 'site'],
  check(ctx) {
    const out: StackFinding[] = [];
    const off = { vault: 'skip_tls_verify', vsphere: 'allow_unverified_ssl' } as Record<string, string>;
    for (const p of ctx.doc.providers.filter((x) => off[x.type])) {
      const attribute = off[p.type];
      if (isTrue(p.values[attribute])) out.push(stackFinding(this, ctx, providerAddress(p), { attribute, found: `${attribute} is true: the ${p.type} server's certificate is not checked`, allowed: `${attribute} = false (the default)` }));
    }
    for (const vm of ofType(ctx, VM)) {
      for (const ovf of nestedBlocks(vm.values, 'ovf_deploy')) {
        const attribute = `${ovf.path}.allow_unverified_ssl_cert`;
        if (!vm.unknown.has(attribute) && isTrue(ovf.values.allow_unverified_ssl_cert)) {
          out.push(stackFinding(this, ctx, vm, { attribute, found: 'the OVF source is fetched without checking its certificate', allowed: 'allow_unverified_ssl_cert = false (the default)' }));
        }
      }
    }
    if (ctx.doc.backend?.type === 's3' && isTrue(ctx.doc.backend.values.insecure)) {
      out.push(stackFinding(this, ctx, 'terraform.backend', { attribute: 'insecure', found: 'the s3 state backend skips certificate verification (insecure = true)', allowed: 'insecure = false (the default)' }));
    }
    return out;
  },
};
