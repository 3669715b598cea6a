/**
 * Which attributes Terraform treats as SETS: their order means nothing, so the diff compares them element by
 * element, by content, and one changed element is one element removed and one added, never a rewrite of all.
 * Every other array is a LIST and is compared by index (a reordered list is a change: for `disk` and
 * `network_interface` the order decides which device is which).
 *
 * Source: the provider schemas the toolkit pins, vmware/vsphere 2.15.0 and hashicorp/vault 5.6.0, as generated
 * into `@cdktf/provider-vsphere` 11.2.1 and `@cdktf/provider-vault` 15.6.1 (a set of primitives is read back
 * through `Fn.tolist(...)`, a set of blocks is a `...List` whose `wrapsSet` is true). The test
 * `set-attributes.test.ts` re-derives this table from those bindings, so a provider upgrade that turns a list
 * into a set (or back) fails a test instead of silently changing what the diff reports.
 *
 * Paths are schema paths: dotted, without list indices (`vsan_fault_domains.fault_domain.host_ids`).
 * Notable lists: `vsphere_virtual_machine.disk`, `.network_interface`, `.cdrom` (devices matched by position;
 * vSphere provider docs, "Disk Options" and "Network Interface Options": "Interfaces are assigned to devices in
 * the order declared"), `vsphere_distributed_port_group.active_uplinks` / `.standby_uplinks` (failover order).
 */

/** Set-typed attribute paths per resource type (`resource` blocks). */
const RESOURCE_SETS: Readonly<Record<string, readonly string[]>> = {
  // vmware/vsphere 2.15.0
  vsphere_virtual_machine: ['pci_device_id', 'tags'],
  vsphere_compute_cluster_vm_anti_affinity_rule: ['virtual_machine_ids'],
  vsphere_tag_category: ['associable_types'],
  vsphere_distributed_port_group: ['tags', 'vlan_range'],
  vsphere_distributed_virtual_switch: ['host', 'pvlan_mapping', 'tags', 'vlan_range'],
  vsphere_resource_pool: ['tags'],
  vsphere_folder: ['tags'],
  vsphere_datacenter: ['tags'],
  vsphere_vapp_container: ['tags'],
  vsphere_content_library: ['storage_backing'],
  vsphere_compute_cluster: [
    'ha_admission_control_failover_host_system_ids',
    'ha_heartbeat_datastore_ids',
    'host_system_ids',
    'proactive_ha_provider_ids',
    'tags',
    'vsan_disk_group.storage',
    'vsan_fault_domains',
    'vsan_fault_domains.fault_domain',
    'vsan_fault_domains.fault_domain.host_ids',
    'vsan_remote_datastore_ids',
    'vsan_stretched_cluster.preferred_fault_domain_host_ids',
    'vsan_stretched_cluster.secondary_fault_domain_host_ids',
  ],
  // hashicorp/vault 5.6.0
  vault_approle_auth_backend_role: ['secret_id_bound_cidrs', 'token_bound_cidrs', 'token_policies'],
  vault_approle_auth_backend_role_secret_id: ['cidr_list'],
  vault_jwt_auth_backend_role: ['allowed_redirect_uris', 'bound_audiences', 'oidc_scopes', 'token_bound_cidrs', 'token_policies'],
  vault_kmip_secret_backend: ['allowed_managed_keys', 'listen_addrs', 'server_hostnames', 'server_ips'],
  vault_managed_keys: ['aws', 'azure', 'pkcs'],
  vault_mount: ['allowed_managed_keys'],
  vault_token: ['policies'],
};

/** Set-typed attribute paths per data source type (`data` blocks). */
const DATA_SETS: Readonly<Record<string, readonly string[]>> = {
  vsphere_tag_category: ['associable_types'],
  vsphere_datacenter: ['virtual_machines'],
};

/** Every type the table covers, for the test that checks it against the provider bindings. */
export const SET_ATTRIBUTE_TABLE = { resource: RESOURCE_SETS, data: DATA_SETS } as const;

const index = new Map<string, ReadonlySet<string>>([
  ...Object.entries(RESOURCE_SETS).map(([t, paths]) => [`resource:${t}`, new Set(paths)] as const),
  ...Object.entries(DATA_SETS).map(([t, paths]) => [`data:${t}`, new Set(paths)] as const),
]);

/** The set-typed schema paths of a block type, or an empty set when the type has none (or is unknown). */
export function setPathsOf(kind: 'resource' | 'data' | string, type: string): ReadonlySet<string> {
  return index.get(`${kind}:${type}`) ?? EMPTY;
}

const EMPTY: ReadonlySet<string> = new Set();
