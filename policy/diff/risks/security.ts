/**
 * The risk catalogue of `govcloud diff`: which changes earn which label, and why. Read it like the rule
 * catalogue: each entry names the blocks and attributes it watches, the label, and the sentence a reviewer
 * reads. Attribute rules judge one attribute change; block rules judge a block added, removed or changed as a
 * whole. A change may earn several labels.
 *
 *  - residency: where data lands or is administered changes (datacenter, vCenter, Vault, state, classification).
 *  - security: a protection weakens (encryption policy, boot chain, key export, TLS, audit, access).
 *  - destructive: Terraform destroys something that holds data or keys (removal, ForceNew replacement).
 *  - egress: a new path out of the site (URLs, subscriptions, uplinks, audit streams).
 */
import { RISK_ORDER, type AttributeChange, type RiskLabel, type RiskReason } from '../diff-model';
import type { DiffBlockKind } from '../diff-blocks';
import { forceNewAt } from '../force-new';
import { isClassificationTag } from '../placement-summary';
import { describeBlock, fieldOf, indexIn, isTrue, urlsIn, type RiskContext } from '../risk-context';
import { shown, whereSite } from '../site-lookup';
import type { ValueChange } from '../value-diff';
import { policyWidening } from '../vault-policy-text';

/** A rule over one attribute change. */
export interface AttributeRiskRule {
  readonly id: string;
  readonly label: RiskLabel;
  readonly kind: DiffBlockKind;
  /** Block types it watches; every type of the kind when absent. */
  readonly types?: readonly string[];
  /** Schema path (without list indices) it watches. */
  readonly path: string | RegExp;
  readonly when?: (c: ValueChange, ctx: RiskContext) => boolean;
  /** The reason; undefined when, on closer look, the change earns no label. */
  readonly reason: (c: ValueChange, ctx: RiskContext) => string | undefined;
}

/** A rule over a block added, removed or changed. */
export interface BlockRiskRule {
  readonly id: string;
  readonly label: RiskLabel;
  readonly kinds: readonly DiffBlockKind[];
  readonly types?: readonly string[];
  readonly on: readonly RiskContext['change'][];
  /**
   * The reason; undefined when the rule does not fire. `attributes` carry their own labels already; `earlier`
   * holds every label given so far (attributes', then block rules' above this one).
   */
  readonly reason: (ctx: RiskContext, attributes: readonly AttributeChange[], earlier: readonly RiskReason[]) => string | undefined;
}

const VM = 'vsphere_virtual_machine';
const TRANSIT_KEY = 'vault_transit_secret_backend_key';
const PORT_GROUP = 'vsphere_distributed_port_group';
const DVS = 'vsphere_distributed_virtual_switch';
const APPROLE = 'vault_approle_auth_backend_role';

/** `"COLO-BISSEN-1" (site lu-colo-1, LU)`. */
const datacenterWhere = (ctx: RiskContext, name: unknown) => `${shown(name)} ${whereSite(ctx.sites.siteOfDatacenter(name))}`;
const beforeAfter = (c: ValueChange) => `${shown(c.before)} -> ${shown(c.after)}`;
const removedOrFalse = (v: unknown) => v === undefined || v === null || v === false || v === 'false';
/** Which disk a `disk.N...` path names, as a reviewer counts (`disk 1`), or `the VM home`. */
const diskOf = (c: ValueChange) => {
  const i = indexIn(c.path, 'disk');
  return i === undefined ? 'the VM home' : `disk ${i}`;
};
/** Names of the storage policies a reference leads to on each side: `"Colo VM Encryption"`. */
const policyNames = (ctx: RiskContext, c: ValueChange) => {
  const name = (names: string[], v: unknown) => (v === undefined ? 'none' : names.length ? names.map((n) => `"${n}"`).join(', ') : shown(v));
  return `${name(ctx.base.namesReached(c.before, 'vsphere_storage_policy'), c.before)} -> ${name(ctx.head.namesReached(c.after, 'vsphere_storage_policy'), c.after)}`;
};
/** Backend attributes that say where state lives. */
const STATE_LOCATION = /^(type|path|conn_str|endpoint|endpoints(\..+)?|bucket|key|region|address|hostname|organization|workspace_dir|schema_name|storage_account_name|container_name|prefix|workspaces(\..+)?)$/;

// ---------------------------------------------------------------------------------------------------------
// Attribute rules
// ---------------------------------------------------------------------------------------------------------

export const ATTRIBUTE_RULES: readonly AttributeRiskRule[] = [
  // residency ------------------------------------------------------------------------------------------------
  {
    id: 'residency/datacenter',
    label: 'residency',
    kind: 'data',
    types: ['vsphere_datacenter'],
    path: 'name',
    reason: (c, ctx) => {
      const from = ctx.sites.siteOfDatacenter(c.before);
      const to = ctx.sites.siteOfDatacenter(c.after);
      const move = from?.id === to?.id && from ? `the same site ${from.id}` : `site ${to?.id ?? 'unregistered'} in ${to?.country ?? 'an unknown country'}`;
      const crossing = from && to && from.country !== to.country ? `; data leaves ${from.country} for ${to.country}` : '';
      return `datacenter ${datacenterWhere(ctx, c.before)} -> ${datacenterWhere(ctx, c.after)}: the tenant's VMs and their disks move to ${move}${crossing}`;
    },
  },
  {
    id: 'residency/vcenter',
    label: 'residency',
    kind: 'provider',
    types: ['vsphere'],
    path: 'vsphere_server',
    reason: (c, ctx) => `vCenter ${shown(c.before)} ${whereSite(ctx.sites.siteOfVcenter(c.before))} -> ${shown(c.after)} ${whereSite(ctx.sites.siteOfVcenter(c.after))}: the tenant is administered from another endpoint (SecNumCloud 19.2.c)`,
  },
  {
    id: 'residency/vault',
    label: 'residency',
    kind: 'provider',
    types: ['vault'],
    path: 'address',
    reason: (c, ctx) => `Vault ${shown(c.before)} ${whereSite(ctx.sites.siteOfVault(c.before))} -> ${shown(c.after)} ${whereSite(ctx.sites.siteOfVault(c.after))}: the tenant's keys are kept by another custodian`,
  },
  {
    id: 'residency/classification-tag',
    label: 'residency',
    kind: 'resource',
    types: ['vsphere_tag'],
    path: 'name',
    when: (_c, ctx) =>
      (!!ctx.after && !!ctx.head.refs && isClassificationTag(ctx.head.refs, ctx.after.values.category_id)) ||
      (!!ctx.before && !!ctx.base.refs && isClassificationTag(ctx.base.refs, ctx.before.values.category_id)),
    reason: (c) => `classification tag ${beforeAfter(c)}: the tenant's data is declared another class, which decides where it may live`,
  },
  {
    id: 'residency/state-location',
    label: 'residency',
    kind: 'backend',
    path: STATE_LOCATION,
    reason: (c) => {
      // A connection string may carry a password: show only that it changed.
      const show = (v: unknown) => (c.schemaPath === 'conn_str' && v !== undefined ? '(connection string)' : shown(v));
      return `Terraform state location ${c.path}: ${show(c.before)} -> ${show(c.after)}; state holds every attribute of every resource, secrets included`;
    },
  },
  {
    id: 'residency/precondition-removed',
    label: 'residency',
    kind: 'resource',
    path: /^lifecycle(\.precondition)?$/,
    when: (c) => c.before !== undefined && c.after === undefined && JSON.stringify(c.before).includes('condition'),
    reason: (c) =>
      `residency precondition removed (${preconditionIds(c.before) || 'lifecycle.precondition'}): a plan of this stack no longer refuses a datacenter outside the classification's countries`,
  },
  {
    id: 'residency/precondition-changed',
    label: 'residency',
    kind: 'resource',
    path: 'lifecycle.precondition.condition',
    when: (c) => c.before !== undefined,
    reason: (c) => `residency precondition ${c.path} changes: the datacenters a plan accepts are no longer the same (${beforeAfter(c)})`,
  },

  // security -------------------------------------------------------------------------------------------------
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

  // destructive ----------------------------------------------------------------------------------------------
  {
    id: 'destructive/force-new',
    label: 'destructive',
    kind: 'resource',
    path: /.*/,
    when: (c, ctx) => ctx.change === 'changed' && forceNewAt(ctx.type, c.schemaPath) !== undefined,
    reason: (c, ctx) => `${describeBlock(ctx)} is destroyed and created again: ${c.path} changes (${forceNewAt(ctx.type, c.schemaPath)!.source})`,
  },
  {
    id: 'destructive/key-downgrade',
    label: 'destructive',
    kind: 'resource',
    types: [TRANSIT_KEY],
    path: /^(exportable|allow_plaintext_backup)$/,
    when: (c) => isTrue(c.before) && !isTrue(c.after),
    reason: (c) => `${c.path} ${beforeAfter(c)} replaces the key (vault provider: ForceNewIfChange when set back to false): ciphertext under the old key cannot be decrypted`,
  },
  {
    id: 'destructive/disk-label',
    label: 'destructive',
    kind: 'resource',
    types: [VM],
    path: 'disk.label',
    when: (c) => c.before !== undefined && c.after !== undefined,
    reason: (c) => `${diskOf(c)} label ${beforeAfter(c)}: the provider creates a new disk (vSphere docs, disk label: "Forces a new disk, if changed"); the old disk and its data go`,
  },
  {
    id: 'destructive/disk-removed',
    label: 'destructive',
    kind: 'resource',
    types: [VM],
    path: 'disk',
    when: (c) => c.before !== undefined && c.after === undefined && !isTrue((c.before as Record<string, unknown>)?.keep_on_remove),
    reason: (c) => `${diskOf(c)} ${shown((c.before as Record<string, unknown>)?.label)} is removed and deleted with its data (keep_on_remove is not set)`,
  },
  {
    id: 'destructive/disk-shrink',
    label: 'destructive',
    kind: 'resource',
    types: [VM],
    path: 'disk.size',
    when: (c) => Number(c.after) < Number(c.before),
    reason: (c) => `${diskOf(c)} size ${beforeAfter(c)} GB: the provider refuses to shrink a disk ("virtual disks cannot be shrunk"), so the plan fails; shrinking means a new disk`,
  },
  {
    id: 'destructive/disk-type',
    label: 'destructive',
    kind: 'resource',
    types: [VM],
    path: /^disk\.(thin_provisioned|eagerly_scrub)$/,
    when: (c) => c.before !== undefined,
    reason: (c) => `${diskOf(c)} ${c.path.split('.').pop()} ${beforeAfter(c)}: a disk type cannot be changed once set (vSphere docs); the plan fails, and only a new disk would have it`,
  },

  // egress ---------------------------------------------------------------------------------------------------
  {
    id: 'egress/library-subscription',
    label: 'egress',
    kind: 'resource',
    types: ['vsphere_content_library'],
    path: /^subscription(\.subscription_url)?$/,
    when: (c) => c.after !== undefined,
    reason: (c) => `content library subscription ${beforeAfter(c)}: vCenter pulls templates from outside on its own schedule`,
  },
  {
    id: 'egress/remote-ovf',
    label: 'egress',
    kind: 'resource',
    types: [VM],
    path: /^ovf_deploy(\.remote_ovf_url)?$/,
    when: (c) => fieldOf(c.after, c.schemaPath, 'ovf_deploy', 'remote_ovf_url') !== undefined,
    reason: (c) =>
      `remote OVF ${shown(fieldOf(c.before, c.schemaPath, 'ovf_deploy', 'remote_ovf_url'))} -> ${shown(fieldOf(c.after, c.schemaPath, 'ovf_deploy', 'remote_ovf_url'))}: the VM image is downloaded from that host`,
  },
  {
    id: 'egress/remote-ovf-template',
    label: 'egress',
    kind: 'data',
    types: ['vsphere_ovf_vm_template'],
    path: 'remote_ovf_url',
    when: (c) => c.after !== undefined,
    reason: (c) => `remote OVF ${beforeAfter(c)}: read from that host at every plan`,
  },
  {
    id: 'egress/library-file-url',
    label: 'egress',
    kind: 'resource',
    types: ['vsphere_content_library_item'],
    path: 'file_url',
    when: (c) => c.after !== undefined,
    reason: (c) => `content library item file_url ${beforeAfter(c)}: the item is downloaded from there`,
  },
  {
    id: 'egress/uplinks',
    label: 'egress',
    kind: 'resource',
    types: [PORT_GROUP, DVS],
    path: /^(active_uplinks|standby_uplinks|uplinks)$/,
    reason: (c, ctx) => {
      const list = c.schemaPath;
      const old = new Set(asArray(ctx.before?.values[list]));
      const added = (c.after === undefined ? [] : Array.isArray(c.after) ? c.after : [c.after]).filter((u) => !old.has(u));
      return added.length ? `new uplink ${added.map((u) => shown(u)).join(', ')} in ${list}: tenant traffic can leave by another physical link` : undefined;
    },
  },
  {
    id: 'egress/audit-stream',
    label: 'egress',
    kind: 'resource',
    types: ['vault_audit'],
    path: 'options.address',
    when: (c) => c.after !== undefined,
    reason: (c) => `audit device streams to ${beforeAfter(c)}: every request to the tenant's keys is logged there`,
  },
];

// ---------------------------------------------------------------------------------------------------------
// Block rules
// ---------------------------------------------------------------------------------------------------------

export const BLOCK_RULES: readonly BlockRiskRule[] = [
  {
    id: 'residency/datacenter-lookup',
    label: 'residency',
    kinds: ['data'],
    types: ['vsphere_datacenter'],
    on: ['added'],
    reason: (ctx) => `the stack now looks up datacenter ${datacenterWhere(ctx, ctx.after?.values.name)}: resources may be placed there`,
  },
  {
    id: 'residency/endpoint',
    label: 'residency',
    kinds: ['provider'],
    types: ['vsphere', 'vault'],
    on: ['added'],
    reason: (ctx) => {
      const values = ctx.after!.values;
      const endpoint = ctx.type === 'vsphere' ? values.vsphere_server : values.address;
      const site = ctx.type === 'vsphere' ? ctx.sites.siteOfVcenter(endpoint) : ctx.sites.siteOfVault(endpoint);
      return `new ${ctx.type === 'vsphere' ? 'vCenter' : 'Vault'} endpoint ${ctx.address} ${shown(endpoint)} ${whereSite(site)}`;
    },
  },
  {
    id: 'residency/state-backend',
    label: 'residency',
    kinds: ['backend'],
    on: ['added', 'removed'],
    reason: (ctx) => {
      if (ctx.change === 'added') return `Terraform state backend ${ctx.type} added: state lives ${shown(ctx.after?.values.path ?? ctx.after?.values.bucket ?? ctx.type)}`;
      // A removed tenant takes its backend with it; only a backend removed from a stack that stays moves state.
      return ctx.head.doc ? `Terraform state backend ${ctx.type} removed: state falls back to a local file wherever terraform runs` : undefined;
    },
  },
  {
    id: 'security/audit-device-removed',
    label: 'security',
    kinds: ['resource'],
    types: ['vault_audit'],
    on: ['removed'],
    reason: (ctx) =>
      // A removed tenant takes its audit devices with its keys: that is the destruction, not a weaker audit.
      ctx.head.doc
        ? `audit device ${shown(ctx.before?.values.path ?? ctx.before?.values.type)} (${shown(ctx.before?.values.type)}) is removed: requests to the tenant's keys are logged in fewer places`
        : undefined,
  },
  {
    id: 'security/audit-device-replaced',
    label: 'security',
    kinds: ['resource'],
    types: ['vault_audit'],
    on: ['changed'],
    reason: (ctx) => `audit device ${shown(ctx.after?.values.path)} is disabled and enabled again (vault provider resource_audit.go: every argument is ForceNew, there is no update)`,
  },
  {
    id: 'destructive/removed',
    label: 'destructive',
    kinds: ['resource'],
    types: [VM, 'vsphere_virtual_disk', TRANSIT_KEY, 'vault_mount', 'vault_namespace', 'vault_auth_backend', 'vault_kv_secret_v2'],
    on: ['removed'],
    reason: (ctx) => `${describeBlock(ctx)} is destroyed${REMOVAL_CONSEQUENCE[ctx.type] ?? ''}`,
  },
  {
    id: 'destructive/replaces-dependants',
    label: 'destructive',
    kinds: ['resource', 'data'],
    on: ['changed'],
    reason: (ctx) => {
      const replaced = ctx.replacedDependants();
      if (!replaced.length) return undefined;
      const names = replaced.map((d) => `${d.name ? `${d.type} "${d.name}"` : d.address} (${d.attribute})`);
      return `replaces ${replaced.length} resource${replaced.length === 1 ? '' : 's'} whose ForceNew attribute follows this change: ${names.join(', ')} [${[...new Set(replaced.map((d) => d.source))].join('; ')}]`;
    },
  },
  {
    id: 'egress/library-subscription-added',
    label: 'egress',
    kinds: ['resource'],
    types: ['vsphere_content_library'],
    on: ['added'],
    reason: (ctx) => (ctx.after?.values.subscription !== undefined ? `new content library subscribed to ${shown(ctx.after.values.subscription)}` : undefined),
  },
  {
    id: 'egress/audit-stream-added',
    label: 'egress',
    kinds: ['resource'],
    types: ['vault_audit'],
    on: ['added'],
    reason: (ctx) => {
      const options = (ctx.after?.values.options ?? {}) as Record<string, unknown>;
      return ctx.after?.values.type === 'socket' || ctx.after?.values.type === 'syslog'
        ? `new ${String(ctx.after.values.type)} audit device streams to ${shown(options.address ?? options.facility)}`
        : undefined;
    },
  },
  {
    id: 'egress/new-url',
    label: 'egress',
    kinds: ['resource', 'data'],
    on: ['added', 'changed'],
    reason: (ctx, _attributes, earlier) => {
      if (earlier.some((r) => r.label === 'egress')) return undefined; // said more precisely already
      const old = urlsIn(ctx.before?.values ?? {});
      const fresh = [...urlsIn(ctx.after?.values ?? {})].filter(([url]) => !old.has(url));
      return fresh.length ? `new URL${fresh.length === 1 ? '' : 's'} ${fresh.map(([url, at]) => `${url} (${at})`).join(', ')}: something will be fetched from or sent to ${fresh.length === 1 ? 'it' : 'them'}` : undefined;
    },
  },
];

const REMOVAL_CONSEQUENCE: Readonly<Record<string, string>> = {
  [VM]: ' with its disks',
  vsphere_virtual_disk: ' with its data',
  [TRANSIT_KEY]: ': everything encrypted with it becomes unreadable (Vault refuses unless deletion_allowed)',
  vault_mount: ': every secret or key under it is deleted',
  vault_namespace: ': every mount, key and policy inside it is deleted',
  vault_auth_backend: ': its roles and issued secret IDs are deleted',
  vault_kv_secret_v2: ' with every version of the secret',
};

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** `RES-01` ids mentioned in a removed precondition, for its reason. */
function preconditionIds(value: unknown): string {
  return [...new Set(JSON.stringify(value ?? '').match(/\b[A-Z]{3}-\d{2}\b/g) ?? [])].join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------------------

const matchesPath = (p: string | RegExp, schemaPath: string) => (typeof p === 'string' ? p === schemaPath : p.test(schemaPath));

/** The labels one attribute change earns, in catalogue order. */
export function attributeRisks(c: ValueChange, ctx: RiskContext): RiskReason[] {
  const out: RiskReason[] = [];
  for (const r of ATTRIBUTE_RULES) {
    if (r.kind !== ctx.kind || (r.types && !r.types.includes(ctx.type)) || !matchesPath(r.path, c.schemaPath)) continue;
    if (r.when && !r.when(c, ctx)) continue;
    const reason = r.reason(c, ctx);
    if (reason !== undefined) out.push({ label: r.label, reason, rule: r.id });
  }
  return out;
}

/** The labels of a block change as a whole: those of its attributes, then its own, highest label first. */
export function blockRisks(ctx: RiskContext, attributes: readonly AttributeChange[]): RiskReason[] {
  const all: RiskReason[] = attributes.flatMap((a) => a.risks);
  for (const r of BLOCK_RULES) {
    if (!r.kinds.includes(ctx.kind) || (r.types && !r.types.includes(ctx.type)) || !r.on.includes(ctx.change)) continue;
    const reason = r.reason(ctx, attributes, all);
    if (reason !== undefined) all.push({ label: r.label, reason, rule: r.id });
  }
  const seen = new Set<string>();
  const unique = all.filter((r) => (seen.has(`${r.label}|${r.reason}`) ? false : (seen.add(`${r.label}|${r.reason}`), true)));
  return RISK_ORDER.flatMap((l) => unique.filter((r) => r.label === l));
}
