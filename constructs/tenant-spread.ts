import { Construct } from 'constructs';
import { ComputeClusterVmAntiAffinityRule } from '@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule';
import type { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import type { TenantVmGroup } from '../policy/model';
import { spreadRuleName } from '../policy/stack-rules/avl';

/** Props of {@link TenantSpread}. */
export interface TenantSpreadProps {
  /** Tenant name: it prefixes every rule name (rule names are unique per cluster). */
  readonly tenant: string;
  /** Managed object id of the compute cluster the VMs run in (`data.vsphere_compute_cluster.id`). */
  readonly computeClusterId: string;
  /** The groups as declared, with their `spread` opt-outs. */
  readonly groups: readonly TenantVmGroup[];
  /** The VMs of each group, by group name ({@link TenantCompute.machinesByGroup}). */
  readonly machinesByGroup: ReadonlyMap<string, readonly VirtualMachine[]>;
}

/**
 * Keeps the VMs of every group of two or more on different ESXi hosts: one VM anti-affinity rule per group in the
 * site's compute cluster, so losing a host loses one member of the group, not the service (availability, the seed's
 * first pillar: PQ 3639 ¶1). A group that declares `spread: { disabled: true, reason }` gets none; AVL-01 accepts
 * that opt-out only from the tenant file.
 *
 * The rule takes the VMs' UUIDs, which is what `vsphere_virtual_machine.id` holds (vSphere provider
 * `resource_vsphere_compute_cluster_vm_anti_affinity_rule.go`, `virtual_machine_ids` "The UUIDs of the virtual
 * machines", resolved by `virtualmachine.MOIDsForUUIDs`; `resource_vsphere_virtual_machine.go` sets the id to
 * `Config.Uuid`), and the cluster's managed object id, which is the id of `data.vsphere_compute_cluster`.
 * `mandatory` is left unset (false): a mandatory rule forbids powering on a VM that would break it, so on a cluster
 * with fewer healthy hosts than VMs HA could not restart the lost member at all (a choice of this toolkit).
 */
export class TenantSpread extends Construct {
  /** The anti-affinity rule of each spread group, by group name. */
  readonly rules = new Map<string, ComputeClusterVmAntiAffinityRule>();

  constructor(scope: Construct, id: string, props: TenantSpreadProps) {
    super(scope, id);
    for (const group of props.groups) {
      const members = props.machinesByGroup.get(group.name) ?? [];
      if (members.length < 2 || group.spread?.disabled) continue;
      this.rules.set(
        group.name,
        new ComputeClusterVmAntiAffinityRule(this, group.name, {
          name: spreadRuleName(props.tenant, group.name),
          computeClusterId: props.computeClusterId,
          virtualMachineIds: members.map((vm) => vm.id),
          enabled: true,
        }),
      );
    }
  }
}
