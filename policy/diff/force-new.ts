/**
 * Attributes whose change makes Terraform destroy a resource and create a new one (ForceNew), for the types
 * the toolkit emits, each with where the provider says so (vmware/vsphere 2.15.0, hashicorp/vault 5.6.0).
 *
 * Checked and NOT ForceNew, so not here: a VM's `datastore_id`, `resource_pool_id`, `host_system_id` (live
 * migration: vSphere docs, virtual_machine "Virtual Machine Migration"); `guest_id`, `firmware`,
 * `efi_secure_boot_enabled`, `vtpm`, `disk.unit_number` (reboot only: same page, "Virtual Machine Reboot");
 * `vsphere_tag_category.cardinality` (no longer ForceNew since v2.9.3, provider CHANGELOG #2263);
 * `vsphere_folder.path` (moved or renamed: folder docs); `vault_mount.path` (remounted through sys/remount unless
 * `disable_remount`: vault provider `mountUpdate`, `SecretsAuthMountDisableRemountResource`).
 * Disk-level replacement (`disk.label`) and refusals (`disk.size` decrease) are risk rules of their own.
 */
import { referencesIn } from '../terraform/references';
import type { DiffBlock } from './diff-blocks';

/** One ForceNew attribute (a schema path; a block path covers everything under it) and its source. */
export interface ForceNewAttribute {
  readonly path: string;
  readonly source: string;
}

const VS_VM_DOCS = 'vSphere provider 2.15.0 docs, r/virtual_machine';
const VAULT_NAMESPACE_SCHEMA = 'vault provider internal/provider GetNamespaceSchema: namespace is ForceNew on every namespaced resource';

/** ForceNew attributes per resource type; every `vault_*` resource also has a ForceNew `namespace` ({@link forceNewOf}). */
export const FORCE_NEW: Readonly<Record<string, readonly ForceNewAttribute[]>> = {
  vsphere_virtual_machine: [
    { path: 'clone', source: `${VS_VM_DOCS} "Creating a Virtual Machine from a Template": changing any option in clone after creation forces a new resource` },
    { path: 'ovf_deploy', source: `${VS_VM_DOCS} "Creating a Virtual Machine from an OVF/OVA Template": changing options in ovf_deploy after creation forces a new resource` },
    { path: 'replace_trigger', source: `${VS_VM_DOCS} replace_trigger: forces a replacement` },
  ],
  vsphere_tag: [{ path: 'category_id', source: 'vSphere provider docs, r/tag category_id: forces a new resource if changed' }],
  vsphere_folder: [
    { path: 'type', source: 'vSphere provider docs, r/folder type: forces a new resource if changed' },
    { path: 'datacenter_id', source: 'vSphere provider docs, r/folder datacenter_id: forces a new resource if changed' },
  ],
  vsphere_distributed_port_group: [
    { path: 'distributed_virtual_switch_uuid', source: 'vSphere provider docs, r/distributed_port_group distributed_virtual_switch_uuid: forces a new resource if changed' },
  ],
  vault_transit_secret_backend_key: ['backend', 'name', 'type', 'derived', 'convergent_encryption'].map((path) => ({
    path,
    source: 'vault provider resource_transit_secret_backend_key.go: ForceNew',
  })),
  vault_mount: [
    { path: 'type', source: 'vault provider resource_mount.go: type is ForceNew' },
  ],
  vault_auth_backend: [
    { path: 'type', source: 'vault provider resource_auth_backend.go: type is ForceNew' },
  ],
  vault_namespace: [
    // Vault has no API to rename a namespace (sys/namespaces creates and deletes only): a new path is a new namespace.
    { path: 'path', source: 'Vault sys/namespaces API has no rename; the provider creates a new namespace' },
  ],
  vault_policy: [
    { path: 'name', source: 'vault provider resource_policy.go: name is ForceNew' },
  ],
  vault_approle_auth_backend_role: [
    { path: 'backend', source: 'vault provider resource_approle_auth_backend_role.go: backend is ForceNew' },
    { path: 'role_name', source: 'vault provider resource_approle_auth_backend_role.go: role_name is ForceNew' },
  ],
};

const VAULT_NAMESPACE: ForceNewAttribute = { path: 'namespace', source: VAULT_NAMESPACE_SCHEMA };

/** Every ForceNew attribute of a `type` resource. */
export function forceNewOf(type: string): readonly ForceNewAttribute[] {
  const own = FORCE_NEW[type] ?? [];
  return type.startsWith('vault_') ? [...own, VAULT_NAMESPACE] : own;
}

/** The ForceNew entry covering `schemaPath` of a `type` resource, if any. */
export function forceNewAt(type: string, schemaPath: string): ForceNewAttribute | undefined {
  return forceNewOf(type).find((f) => schemaPath === f.path || schemaPath.startsWith(`${f.path}.`));
}

/** A resource a change elsewhere replaces, because one of its ForceNew attributes follows that change. */
export interface Dependant {
  readonly address: string;
  readonly type: string;
  /** The resource's name (`name`, `role_name` or `path` attribute), for a reason a reviewer can read. */
  readonly name?: string;
  /** Its ForceNew attribute that follows the change (`clone`, `backend`). */
  readonly attribute: string;
  /** The attribute of the changed resource it reads (`path` of `${vault_mount.x.path}`); undefined through a data source. */
  readonly reads?: string;
  readonly source: string;
}

/** `${vault_mount.x.path}` gives `vault_mount.x` reading `path`. */
const REFERENCE_WITH_ATTRIBUTE = /((?:data\.)?[a-zA-Z0-9_]+\.[a-zA-Z0-9_-]+)\.([a-zA-Z0-9_]+)/g;

function referencedAttributes(value: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const expr of v.match(/\$\{[^}]*\}/g) ?? []) for (const m of expr.matchAll(REFERENCE_WITH_ATTRIBUTE)) out.push([m[1], m[2]]);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
  };
  visit(value);
  return out;
}

/**
 * Which resources of one stack a change of another block would replace: a resource whose ForceNew attribute
 * reads a data source (directly, or through a chain of data sources, since each one is read again) or reads an
 * attribute of another resource. Built once per stack, in one pass over its blocks.
 */
export class ReplacementGraph {
  private readonly dependants = new Map<string, Dependant[]>();

  constructor(blocks: ReadonlyMap<string, DiffBlock>) {
    const dataClosure = new Map<string, string[]>();
    const closureOf = (address: string): string[] => {
      const known = dataClosure.get(address);
      if (known) return known;
      dataClosure.set(address, [address]); // guards a (malformed) cycle
      const block = blocks.get(address);
      const upstream = block ? referencesIn(block.values).filter((a) => a.startsWith('data.')) : [];
      const all = [...new Set([address, ...upstream.flatMap(closureOf)])];
      dataClosure.set(address, all);
      return all;
    };
    for (const block of blocks.values()) {
      if (block.kind !== 'resource') continue;
      for (const f of forceNewOf(block.type)) {
        const top = f.path.split('.')[0];
        const seen = new Set<string>();
        for (const [address, reads] of referencedAttributes(block.values[top])) {
          const targets = address.startsWith('data.') ? closureOf(address).map((a) => [a, undefined] as const) : [[address, reads] as const];
          for (const [target, attr] of targets) {
            const key = `${target}|${attr ?? ''}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const name = nameOf(block.values);
            const list = this.dependants.get(target) ?? [];
            list.push({ address: block.address, type: block.type, name, attribute: top, reads: attr, source: f.source });
            this.dependants.set(target, list);
          }
        }
      }
    }
  }

  /**
   * Resources replaced when `address` changes: every dependant of a data source; of a resource, those reading
   * one of `changedAttributes` (top-level names), or any attribute when the resource is itself `replaced`.
   */
  replacedBy(address: string, changedAttributes: ReadonlySet<string>, replaced: boolean): Dependant[] {
    const all = this.dependants.get(address) ?? [];
    if (address.startsWith('data.') || replaced) return dedupe(all);
    return dedupe(all.filter((d) => d.reads !== undefined && changedAttributes.has(d.reads)));
  }
}

function dedupe(list: readonly Dependant[]): Dependant[] {
  const seen = new Set<string>();
  return list.filter((d) => (seen.has(d.address) ? false : (seen.add(d.address), true)));
}

/** A block's readable name: its literal `name`, `role_name` or `path` attribute. */
export function nameOf(values: Readonly<Record<string, unknown>> | undefined): string | undefined {
  for (const key of ['name', 'role_name', 'path']) {
    const v = values?.[key];
    if (typeof v === 'string' && !v.includes('${')) return v;
  }
  return undefined;
}
