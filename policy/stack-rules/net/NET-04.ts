import { nestedBlocks, unknownAt } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { label, PORT_GROUP, resourcesOf, VM } from './net-facts';
import { standard } from '../../source';

const NETWORK = 'vsphere_network';

export const NET_04: StackRule = {
  id: 'NET-04',
  title: "Every VM network interface is on a port group of the tenant's own stack",
  severity: 'error',
  rises: false,
  rationale:
    "A tenant's VMs are segregated by their own distributed port group on their own VLAN. A network looked up by name (data.vsphere_network) or given as a bare id already exists, " +
    'so it may carry tenants of other classifications; the stack cannot tell, so it is refused.',
  fix: 'set network_id to the id of the tenant port group (TenantNetwork creates it: ${vsphere_distributed_port_group.<name>.id})',
  sources: [standard('SecNumCloud 3.2, 9.7.a, 13.2.a'), standard('vSphere provider docs (virtual_machine: network_interface)')],
  examines: [VM, `data.${NETWORK}`, PORT_GROUP],
  check(ctx) {
    const out: StackFinding[] = [];
    const allowed = `the id of a ${PORT_GROUP} created by tenant ${ctx.tenant}'s stack`;
    for (const vm of resourcesOf(ctx, VM)) {
      if (vm.unknown.has('network_interface')) continue;
      for (const nic of nestedBlocks(vm.values, 'network_interface')) {
        const attribute = `${nic.path}.network_id`;
        if (unknownAt(vm, attribute)) continue;
        const value = nic.values.network_id;
        const refs = ctx.refs.referenced(value);
        const problems: string[] = [];
        if (value === undefined || value === null || value === '') problems.push('no network_id');
        else if (refs.length === 0) problems.push(`network_id ${JSON.stringify(value)} is a bare id of a network this stack does not create`);
        for (const { address, block: target } of refs) {
          if (target?.kind === 'resource' && target.type === PORT_GROUP) continue;
          if (target?.kind === 'data' && target.type === NETWORK) {
            problems.push(`network_id is the existing network ${label(target)} (${address}), which other tenants may share`);
          } else {
            problems.push(`network_id leads to ${address}, ${target ? `a ${target.type}` : 'which is not in this stack'}, not a port group of this stack`);
          }
        }
        for (const found of problems) out.push(stackFinding(this, ctx, vm, { attribute, found: `VM ${label(vm)}: ${found}`, allowed }));
      }
    }
    return out;
  },
};
