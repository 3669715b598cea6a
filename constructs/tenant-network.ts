import { Construct } from 'constructs';
import { DistributedPortGroup } from '@cdktf/provider-vsphere/lib/distributed-port-group';
import type { SiteInventory } from './site-inventory';
import { assertResidency } from './tenant-placement';
import { portGroupPostconditions } from './postconditions';
import type { TenantPlacement } from '../policy/placement';

/** Props of {@link TenantNetwork}. */
export interface TenantNetworkProps extends TenantPlacement {
  /** The site's looked-up objects; the port group goes on its distributed switch. */
  readonly inventory: SiteInventory;
  /** 802.1Q VLAN id of the tenant, 1 to 4094. */
  readonly vlan: number;
  /**
   * Tag ids to attach to the port group.
   * @default - no tags
   */
  readonly tagIds?: string[];
}

/**
 * The tenant's own distributed port group on its VLAN, with the security options that let a VM see or forge
 * other traffic turned off (SecNumCloud 3.2, 13.2.a: segregation), and a postcondition (NET-05) that proves after every
 * apply that vCenter holds them off.
 */
export class TenantNetwork extends Construct {
  readonly portGroup: DistributedPortGroup;

  constructor(scope: Construct, id: string, props: TenantNetworkProps) {
    super(scope, id);
    assertResidency('TenantNetwork', props, []);
    if (!Number.isInteger(props.vlan) || props.vlan < 1 || props.vlan > 4094) {
      throw new Error(`TenantNetwork: tenant ${props.tenant}: vlan ${props.vlan} is out of range; use a VLAN id from 1 to 4094`);
    }
    this.portGroup = new DistributedPortGroup(this, 'port-group', {
      name: `${props.tenant}-vlan${props.vlan}`,
      description: `Tenant ${props.tenant} (${props.classification.id})`,
      distributedVirtualSwitchUuid: props.inventory.distributedSwitch.id,
      vlanId: props.vlan,
      allowPromiscuous: false,
      allowForgedTransmits: false,
      allowMacChanges: false,
      tags: props.tagIds,
      // The provider does not send these false values (see portGroupPostconditions); what vCenter applies is proven.
      lifecycle: { postcondition: portGroupPostconditions(`${props.tenant}-vlan${props.vlan}`) },
    });
  }
}
