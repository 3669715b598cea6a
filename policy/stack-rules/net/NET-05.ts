import { isTrue, nestedBlocks, unknownAt } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { label, PORT_GROUP } from './net-facts';
import { standard } from '../../source';

/** Switches and port groups that carry the security options `allow_promiscuous`, `allow_forged_transmits`, `allow_mac_changes`. */
const SWITCHING = [PORT_GROUP, 'vsphere_distributed_virtual_switch', 'vsphere_host_port_group', 'vsphere_host_virtual_switch'];

/** The security options that let a VM see or forge other ports' traffic. */
const SECURITY_OPTIONS: Record<string, string> = {
  allow_promiscuous: 'promiscuous mode lets a VM read every frame on the port group',
  allow_forged_transmits: 'forged transmits let a VM send as another MAC address',
  allow_mac_changes: 'MAC changes let a VM take another MAC address',
};

/** VLAN id 4095 on a standard switch port group means every VLAN (guest tagging): a trunk. */
const ALL_VLANS = 4095;

export const NET_05: StackRule = {
  id: 'NET-05',
  title: 'Port groups and switches keep the security options off and carry no VLAN trunk',
  severity: 'warning',
  rises: true,
  rationale:
    'Promiscuous mode, forged transmits and MAC changes let one VM observe or impersonate others on the same segment; a VLAN trunk (vlan_range, or VLAN 4095 on a standard switch) hands a VM every tenant VLAN in the range. ' +
    'Either undoes the segregation by customer the tenant port group exists for.',
  fix: 'set allow_promiscuous, allow_forged_transmits and allow_mac_changes to false (TenantNetwork does this) and give the port group one vlan_id, without vlan_range',
  sources: [standard('SecNumCloud 3.2, 13.2.a (segregation)'), standard('vSphere provider docs (distributed_port_group, distributed_virtual_switch: security options, vlan_range)')],
  examines: SWITCHING,
  check(ctx) {
    const out: StackFinding[] = [];
    for (const block of ctx.doc.resources.filter((b) => SWITCHING.includes(b.type))) {
      for (const [attribute, why] of Object.entries(SECURITY_OPTIONS)) {
        if (!unknownAt(block, attribute) && isTrue(block.values[attribute])) {
          out.push(stackFinding(this, ctx, block, { attribute, found: `${block.type} ${label(block)} sets ${attribute} = true: ${why}`, allowed: `${attribute} = false` }));
        }
      }
      if (!unknownAt(block, 'vlan_range')) {
        const ranges = nestedBlocks(block.values, 'vlan_range');
        if (ranges.length) {
          const shown = ranges.map((r) => `${String(r.values.min_vlan)}-${String(r.values.max_vlan)}`).join(', ');
          out.push(stackFinding(this, ctx, block, { attribute: 'vlan_range', found: `${block.type} ${label(block)} trunks VLANs ${shown}`, allowed: 'one vlan_id per tenant port group, no vlan_range' }));
        }
      }
      if (!unknownAt(block, 'vlan_id') && Number(block.values.vlan_id) === ALL_VLANS) {
        out.push(stackFinding(this, ctx, block, { attribute: 'vlan_id', found: `${block.type} ${label(block)} uses VLAN ${ALL_VLANS}, which passes every VLAN to the guest`, allowed: "the tenant's own VLAN id (1-4094)" }));
      }
    }
    return out;
  },
};
