import { forceNewAt } from '../force-new';
import { describeBlock, fieldOf, isTrue } from '../risk-context';
import { shown } from '../site-lookup';
import type { AttributeRiskRule, BlockRiskRule } from './risk-rule';
import { beforeAfter, diskOf, TRANSIT_KEY, VM } from './risk-words';

const REMOVAL_CONSEQUENCE: Readonly<Record<string, string>> = {
  [VM]: ' with its disks',
  vsphere_virtual_disk: ' with its data',
  [TRANSIT_KEY]: ': everything encrypted with it becomes unreadable (Vault refuses unless deletion_allowed)',
  vault_mount: ': every secret or key under it is deleted',
  vault_namespace: ': every mount, key and policy inside it is deleted',
  vault_auth_backend: ': its roles and issued secret IDs are deleted',
  vault_kv_secret_v2: ' with every version of the secret',
};

/** The attribute rules of the destructive label, in catalogue order. */
export const DESTRUCTIVE_ATTRIBUTE_RULES: readonly AttributeRiskRule[] = [
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
    id: 'destructive/prevent-destroy-removed',
    label: 'destructive',
    kind: 'resource',
    path: /^lifecycle(\.prevent_destroy)?$/,
    when: (c) => isTrue(fieldOf(c.before, c.schemaPath, 'lifecycle', 'prevent_destroy')) && !isTrue(fieldOf(c.after, c.schemaPath, 'lifecycle', 'prevent_destroy')),
    reason: (_c, ctx) => `${describeBlock(ctx)} loses prevent_destroy: Terraform no longer refuses to destroy it${REMOVAL_CONSEQUENCE[ctx.type] ?? ''}`,
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
];

/** The block rules of the destructive label, in catalogue order. */
export const DESTRUCTIVE_BLOCK_RULES: readonly BlockRiskRule[] = [
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
];
