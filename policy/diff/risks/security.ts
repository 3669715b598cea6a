import { SITE_STACK_PREFIX } from '../../site-audit';
import { describeBlock, fieldOf, isTrue, type RiskContext } from '../risk-context';
import { shown } from '../site-lookup';
import type { ValueChange } from '../value-diff';
import { policyWidening } from '../vault-policy-text';
import type { AttributeRiskRule, BlockRiskRule } from './risk-rule';
import { beforeAfter, diskOf, DVS, PORT_GROUP, TRANSIT_KEY, VM } from './risk-words';

const APPROLE = 'vault_approle_auth_backend_role';

const removedOrFalse = (v: unknown) => v === undefined || v === null || v === false || v === 'false';

/** Names of the storage policies a reference leads to on each side: `"Colo VM Encryption"`. */
const policyNames = (ctx: RiskContext, c: ValueChange) => {
  const name = (names: string[], v: unknown) => (v === undefined ? 'none' : names.length ? names.map((n) => `"${n}"`).join(', ') : shown(v));
  return `${name(ctx.base.namesReached(c.before, 'vsphere_storage_policy'), c.before)} -> ${name(ctx.head.namesReached(c.after, 'vsphere_storage_policy'), c.after)}`;
};

/** The attribute rules of the security label, in catalogue order. */
export const SECURITY_ATTRIBUTE_RULES: readonly AttributeRiskRule[] = [
  {
    id: 'security/storage-policy',
    label: 'security',
    kind: 'resource',
    types: [VM],
    path: /^(disk\.)?storage_policy_id$/,
    reason: (c, ctx) => `encryption storage policy of ${diskOf(c)}: ${policyNames(ctx, c)}`,
  },
  {
    id: 'security/unencrypted-disk',
    label: 'security',
    kind: 'resource',
    types: [VM],
    path: 'disk',
    when: (c) => typeof c.after === 'object' && c.after !== null && (c.after as Record<string, unknown>).storage_policy_id === undefined,
    reason: (c) => `${diskOf(c)} is added without a storage policy: it is not encrypted (and cannot attach to an encrypted VM)`,
  },
  {
    id: 'security/storage-policy-lookup',
    label: 'security',
    kind: 'data',
    types: ['vsphere_storage_policy'],
    path: 'name',
    reason: (c) => `storage policy looked up ${beforeAfter(c)}: every VM home and disk that uses it is encrypted (or not) by another policy`,
  },
  {
    id: 'security/firmware',
    label: 'security',
    kind: 'resource',
    types: [VM],
    path: 'firmware',
    when: (c) => c.after !== 'efi',
    reason: (c) => `firmware ${beforeAfter(c)}: without EFI there is no secure boot and no vTPM`,
  },
  {
    id: 'security/secure-boot',
    label: 'security',
    kind: 'resource',
    types: [VM],
    path: 'efi_secure_boot_enabled',
    when: (c) => removedOrFalse(c.after),
    reason: (c) => `secure boot ${beforeAfter(c)}: the boot chain is no longer verified`,
  },
  {
    id: 'security/vtpm',
    label: 'security',
    kind: 'resource',
    types: [VM],
    path: /^vtpm(\.version)?$/,
    when: (c) => c.before !== undefined,
    reason: (c) => `vTPM ${c.after === undefined ? 'removed' : `changed ${beforeAfter(c)}`}: keys sealed to the VM's TPM are lost with it`,
  },
  {
    id: 'security/key-export',
    label: 'security',
    kind: 'resource',
    types: [TRANSIT_KEY],
    path: /^(exportable|allow_plaintext_backup)$/,
    when: (c) => isTrue(c.after),
    reason: (c) => `${c.path} ${beforeAfter(c)}: key material can leave Vault, and this cannot be undone (vault provider: once set, cannot be disabled)`,
  },
  {
    id: 'security/key-deletion',
    label: 'security',
    kind: 'resource',
    types: [TRANSIT_KEY],
    path: 'deletion_allowed',
    when: (c) => isTrue(c.after),
    reason: (c) => `deletion_allowed ${beforeAfter(c)}: the key can now be deleted, which makes everything encrypted with it unreadable`,
  },
  {
    id: 'security/postcondition-removed',
    label: 'security',
    kind: 'resource',
    path: /^lifecycle(\.postcondition)?$/,
    when: (c) => c.after === undefined && JSON.stringify(fieldOf(c.before, c.schemaPath, 'lifecycle', 'postcondition') ?? '').includes('condition'),
    reason: (c, ctx) => {
      const ids = [...new Set(JSON.stringify(fieldOf(c.before, c.schemaPath, 'lifecycle', 'postcondition')).match(/\b[A-Z]{3}-\d{2}\b/g) ?? [])];
      return `postcondition removed from ${describeBlock(ctx)}${ids.length ? ` (${ids.join(', ')})` : ''}: an apply no longer proves what vCenter or Vault hold`;
    },
  },
  {
    id: 'security/key-rotation',
    label: 'security',
    kind: 'resource',
    types: [TRANSIT_KEY],
    path: 'auto_rotate_period',
    when: (c) => !(Number(c.after) > 0) || (Number(c.before) > 0 && Number(c.after) > Number(c.before)),
    reason: (c) => `auto_rotate_period ${beforeAfter(c)} seconds: ${Number(c.after) > 0 ? 'the key rotates less often' : 'automatic rotation is off'}`,
  },
  {
    id: 'security/tls-verification',
    label: 'security',
    kind: 'provider',
    path: /^(allow_unverified_ssl|skip_tls_verify)$/,
    when: (c) => isTrue(c.after),
    reason: (c) => `${c.path} ${beforeAfter(c)}: TLS certificates are no longer checked, so the credentials can be intercepted`,
  },
  {
    id: 'security/tls-verification-ovf',
    label: 'security',
    kind: 'resource',
    types: [VM],
    path: /^ovf_deploy(\.allow_unverified_ssl_cert)?$/,
    when: (c) => isTrue(fieldOf(c.after, c.schemaPath, 'ovf_deploy', 'allow_unverified_ssl_cert')),
    reason: () => `ovf_deploy.allow_unverified_ssl_cert is true: the OVF is fetched without checking who serves it`,
  },
  {
    id: 'security/policy-widened',
    label: 'security',
    kind: 'resource',
    types: ['vault_policy'],
    path: 'policy',
    reason: (c, ctx) => {
      const widened = policyWidening(c.before, c.after, ctx.before?.values.namespace !== ctx.after?.values.namespace);
      if (widened === undefined) return `${describeBlock(ctx)} changes and cannot be compared path by path: read it`;
      return widened.length ? `${describeBlock(ctx)} grants more: ${widened.join('; ')}` : undefined;
    },
  },
  {
    id: 'security/approle-cidr',
    label: 'security',
    kind: 'resource',
    types: [APPROLE],
    path: /^(secret_id_bound_cidrs|token_bound_cidrs)$/,
    when: (c) => c.before !== undefined,
    reason: (c) =>
      c.setElement === 'removed'
        ? `${c.path} no longer includes ${shown(c.before)}: the bound it set is gone`
        : `${c.path} ${beforeAfter(c)}: ${c.after === undefined ? 'logins and tokens are usable from any address' : 'the allowed addresses change'}`,
  },
  {
    id: 'security/approle-policies',
    label: 'security',
    kind: 'resource',
    types: [APPROLE],
    path: 'token_policies',
    when: (c) => c.after !== undefined,
    reason: (c) => `tokens of this role get ${c.setElement === 'added' ? `policy ${shown(c.after)}` : `policies ${shown(c.after)}`}`,
  },
  {
    id: 'security/switch-security',
    label: 'security',
    kind: 'resource',
    types: [PORT_GROUP, DVS],
    path: /^(allow_promiscuous|allow_forged_transmits|allow_mac_changes)$/,
    when: (c) => isTrue(c.after),
    reason: (c) => `${c.path} ${beforeAfter(c)}: a VM on this network can see or spoof other tenants' traffic`,
  },
  {
    id: 'security/vlan-trunk',
    label: 'security',
    kind: 'resource',
    types: [PORT_GROUP],
    path: 'vlan_range',
    when: (c) => c.after !== undefined,
    reason: (c) => `VLAN range ${shown(c.after)} added: the port group becomes a trunk that carries other VLANs`,
  },
  {
    id: 'security/provider-source',
    label: 'security',
    kind: 'required_providers',
    path: /^[^.]+\.source$/,
    reason: (c) => `provider ${c.path.split('.')[0]} comes from ${beforeAfter(c)}: another binary runs with the tenant's credentials`,
  },
  {
    id: 'security/provider-unpinned',
    label: 'security',
    kind: 'required_providers',
    path: /^[^.]+\.version$/,
    when: (c) => !(typeof c.after === 'string' && /^=?\s*\d+\.\d+\.\d+$/.test(c.after.trim())),
    reason: (c) => `provider ${c.path.split('.')[0]} version ${beforeAfter(c)} is no longer one exact release (SUP-01)`,
  },
];

/** The block rules of the security label, in catalogue order. */
export const SECURITY_BLOCK_RULES: readonly BlockRiskRule[] = [
  {
    id: 'security/audit-device-removed',
    label: 'security',
    kinds: ['resource'],
    types: ['vault_audit'],
    on: ['removed'],
    reason: (ctx) => {
      const device = `audit device ${shown(ctx.before?.values.path ?? ctx.before?.values.type)} (${shown(ctx.before?.values.type)})`;
      if (ctx.head.doc) return `${device} is removed: requests to the tenant's keys are logged in fewer places`;
      // A site stack goes with the site's last tenant, and its devices stop logging the whole cluster; a removed
      // tenant's stack holds none (the devices are the site's).
      return ctx.tenant.startsWith(SITE_STACK_PREFIX) ? `${device} is removed with the site stack (no tenant is left on the site): the cluster's requests are no longer logged there` : undefined;
    },
  },
  {
    id: 'security/audit-device-replaced',
    label: 'security',
    kinds: ['resource'],
    types: ['vault_audit'],
    on: ['changed'],
    reason: (ctx) => `audit device ${shown(ctx.after?.values.path)} is disabled and enabled again (vault provider resource_audit.go: every argument is ForceNew, there is no update)`,
  },
];
