import { Construct } from 'constructs';
import type { Site, TenantSpec } from '../policy/model';
import type { TenantPlacement } from '../policy/placement';
import { tenantReach } from '../policy/tenant-rules/net';
import { recoveryPlacement } from '../policy/tenant-rules/avl';
import { SiteInventory } from './site-inventory';
import { TenantCompute } from './tenant-compute';
import { TenantNetwork } from './tenant-network';
import { TenantSpread } from './tenant-spread';
import { TenantTags } from './tenant-tags';
import { assertResidency } from './tenant-placement';

/** Props of {@link TenantRecovery}. */
export interface TenantRecoveryProps extends Omit<TenantPlacement, 'tenant'> {
  /** The tenant as declared; its `recovery` names the recovery site and the mode. */
  readonly spec: TenantSpec;
  /** The recovery site, from the catalogue (`spec.recovery.site`). */
  readonly recoverySite: Site;
}

/**
 * What stands ready for a tenant at its recovery site: tags, a port group on the tenant's VLAN, a resource pool and a
 * folder (`cold`), and, for `warm`, the VMs too, cloned from the recovery site's templates with its encryption policy
 * and spread over its hosts. Every tenant rule judges the recovery site first, as it judges the primary; a refusal
 * names the recovery site.
 *
 * No Vault object is created here: the tenant's namespace, transit key, policies and AppRole are the primary's,
 * replicated to the recovery site's Vault Enterprise cluster (AVL-05 refuses a recovery site they do not reach). A
 * disaster-recovery secondary serves no request until it is promoted, so nothing could be written there anyway.
 */
export class TenantRecovery extends Construct {
  readonly inventory: SiteInventory;
  readonly tags: TenantTags;
  readonly network: TenantNetwork;
  readonly compute: TenantCompute;
  readonly spread: TenantSpread;

  constructor(scope: Construct, id: string, props: TenantRecoveryProps) {
    super(scope, id);
    const { spec, recoverySite } = props;
    const recovery = spec.recovery;
    if (!recovery || recovery.site !== recoverySite.id) {
      throw new Error(`TenantRecovery: tenant ${spec.name} declares recovery ${recovery ? `at ${recovery.site}` : 'nowhere'} but was given site ${recoverySite.id}; pass the catalogue entry the tenant names`);
    }
    const primary = { tenant: spec.name, site: props.site, classification: props.classification, catalogue: props.catalogue, custodians: props.custodians };
    // The tenant with its recovery, all rules at once: those at the recovery site name it.
    assertResidency('TenantRecovery', primary, ['compute', 'keys', 'network'], {
      keys: spec.keys,
      reach: tenantReach(spec),
      vms: spec.vms,
      recovery: recoveryPlacement(recovery, props.catalogue ?? [props.site, recoverySite]),
    });
    const placement = { ...primary, site: recoverySite };
    this.inventory = new SiteInventory(this, 'site', placement);
    this.tags = new TenantTags(this, 'tags', placement);
    const tagIds = this.tags.tagIds;
    this.network = new TenantNetwork(this, 'network', { ...placement, inventory: this.inventory, vlan: spec.network.vlan, tagIds });
    const vms = recovery.mode === 'warm' ? spec.vms : [];
    this.compute = new TenantCompute(this, 'compute', {
      ...placement,
      inventory: this.inventory,
      networkId: this.network.portGroup.id,
      vms,
      tagIds,
      guest: spec.guest,
      networkCidr: spec.network.cidr,
      dhcp: spec.network.dhcp,
      recoveryOf: props.site.id,
    });
    this.spread = new TenantSpread(this, 'spread', {
      tenant: spec.name,
      computeClusterId: this.inventory.cluster.id,
      groups: vms,
      machinesByGroup: this.compute.machinesByGroup,
    });
  }
}
