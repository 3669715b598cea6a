/**
 * AVL-01 proven from an applied state: each VM group of two or more is kept apart by an enabled anti-affinity rule
 * that vCenter reads back with the UUIDs of every VM of the group (`virtual_machine_ids`, which the provider reads
 * from the cluster's rule; `vsphere_virtual_machine.id` is the VM's UUID).
 */
import type { StateResource } from '../terraform/state-reader';
import { ANTI_AFFINITY, AVL_01 } from '../stack-rules/avl';
import type { VerifyCheck } from './verify-check';

const MEMBER = /^(.+)-(\d+)$/;

/**
 * The AVL-01 checks of `resources`, for tenant `tenant`; groups in `optOuts` (by group name) opted out in the tenant
 * file and are not checked.
 */
export function spreadChecks(tenant: string, resources: readonly StateResource[], optOuts: ReadonlySet<string> = new Set()): VerifyCheck[] {
  const groups = new Map<string, StateResource[]>();
  for (const vm of resources.filter((r) => r.mode === 'managed' && r.type === 'vsphere_virtual_machine')) {
    const m = typeof vm.values.name === 'string' ? MEMBER.exec(vm.values.name) : null;
    if (!m) continue;
    groups.set(m[1], [...(groups.get(m[1]) ?? []), vm]);
  }
  const rules = resources.filter((r) => r.mode === 'managed' && r.type === ANTI_AFFINITY);
  const out: VerifyCheck[] = [];
  for (const [prefix, vms] of groups) {
    const group = prefix.startsWith(`${tenant}-`) ? prefix.slice(tenant.length + 1) : prefix;
    if (vms.length < 2 || optOuts.has(group)) continue;
    const ids = vms.map((vm) => vm.values.id).filter((id): id is string => typeof id === 'string');
    const expected = `an enabled ${ANTI_AFFINITY} listing the UUIDs of ${vms.map((vm) => String(vm.values.name)).join(', ')}`;
    const covering = rules.find((r) => r.values.enabled === true && Array.isArray(r.values.virtual_machine_ids) && ids.every((id) => (r.values.virtual_machine_ids as unknown[]).includes(id)));
    const named = rules.find((r) => r.values.name === `${prefix}-spread`);
    const shown = named ?? covering;
    out.push({
      rule: AVL_01.id,
      address: shown?.address ?? `${ANTI_AFFINITY} (group ${group})`,
      attribute: 'virtual_machine_ids',
      holds: covering !== undefined && ids.length === vms.length,
      found: shown ? JSON.stringify({ enabled: shown.values.enabled, virtual_machine_ids: shown.values.virtual_machine_ids }) : `absent: no rule keeps group ${group} apart`,
      expected,
    });
  }
  return out;
}
