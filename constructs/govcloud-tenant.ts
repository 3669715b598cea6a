import { Construct } from 'constructs';
import type { TenantSpec } from '../policy/model';
import type { TenantPlacement } from '../policy/placement';
import { SiteInventory } from './site-inventory';
import { TenantCompute } from './tenant-compute';
import { TenantContentLibrary } from './tenant-content-library';
import { tenantReach } from '../policy/tenant-rules/net';
import { recoveryPlacement } from '../policy/tenant-rules/avl';
import { TenantKeys } from './tenant-keys';
import { TenantNetwork } from './tenant-network';
import { assertResidency } from './tenant-placement';
import { TenantTags } from './tenant-tags';
import { TenantSpread } from './tenant-spread';

/** Props of {@link GovCloudTenant}. */
export interface GovCloudTenantProps extends Omit<TenantPlacement, 'tenant'> {
  /** The tenant as declared in its YAML file; its name is the tenant's (`spec.name`), its site and classification those given. */
  readonly spec: TenantSpec;
}

/**
 * A whole GovCloud tenant: tags, network, compute and keys, checked against every residency and security rule
 * before anything is created. A refused tenant throws one {@link ResidencyError} listing all its violations.
 */
export class GovCloudTenant extends Construct {
  readonly inventory: SiteInventory;
  readonly tags: TenantTags;
  readonly network: TenantNetwork;
  readonly compute: TenantCompute;
  /** The anti-affinity rules that keep each VM group of two or more on different hosts. */
  readonly spread: TenantSpread;
  readonly keys: TenantKeys;
  /** The tenant's own content library, when it declares one. */
  readonly contentLibrary?: TenantContentLibrary;

  constructor(scope: Construct, id: string, props: GovCloudTenantProps) {
    super(scope, id);
    const { spec, site, classification } = props;
    if (spec.site !== site.id || spec.classification !== classification.id) {
      throw new Error(
        `GovCloudTenant: tenant ${spec.name} declares site ${spec.site} and classification ${spec.classification} but was given ${site.id} and ${classification.id}; pass the catalogue entries the tenant names`,
      );
    }
    const placement = { tenant: spec.name, site, classification, catalogue: props.catalogue, custodians: props.custodians };
    // Every rule, all at once: the parts below would each refuse only their share.
    assertResidency('GovCloudTenant', placement, ['compute', 'keys', 'network'], { keys: spec.keys, reach: tenantReach(spec), vms: spec.vms, recovery: recoveryPlacement(spec.recovery, props.catalogue) });

    this.inventory = new SiteInventory(this, 'site', placement);
    this.tags = new TenantTags(this, 'tags', placement);
    const tagIds = this.tags.tagIds;
    this.network = new TenantNetwork(this, 'network', { ...placement, inventory: this.inventory, vlan: spec.network.vlan, tagIds });
    this.compute = new TenantCompute(this, 'compute', {
      ...placement,
      inventory: this.inventory,
      networkId: this.network.portGroup.id,
      vms: spec.vms,
      tagIds,
      guest: spec.guest,
      networkCidr: spec.network.cidr,
      dhcp: spec.network.dhcp,
    });
    this.spread = new TenantSpread(this, 'spread', {
      tenant: spec.name,
      computeClusterId: this.inventory.cluster.id,
      groups: spec.vms,
      machinesByGroup: this.compute.machinesByGroup,
    });
    if (spec.contentLibrary) {
      this.contentLibrary = new TenantContentLibrary(this, 'content-library', { ...placement, inventory: this.inventory, library: spec.contentLibrary });
    }
    this.keys = new TenantKeys(this, 'keys', { ...placement, keys: spec.keys, automationCidrs: [spec.network.cidr] });
  }
}
