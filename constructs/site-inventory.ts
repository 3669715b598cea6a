import { Construct } from 'constructs';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereDistributedVirtualSwitch } from '@cdktf/provider-vsphere/lib/data-vsphere-distributed-virtual-switch';
import { DataVsphereStoragePolicy } from '@cdktf/provider-vsphere/lib/data-vsphere-storage-policy';
import { DataVsphereContentLibrary } from '@cdktf/provider-vsphere/lib/data-vsphere-content-library';
import { DataVsphereContentLibraryItem } from '@cdktf/provider-vsphere/lib/data-vsphere-content-library-item';
import { assertResidency } from './tenant-placement';
import type { TenantPlacement } from '../policy/placement';
import type { SiteTemplate } from '../policy/model';

/** Props of {@link SiteInventory}. */
export type SiteInventoryProps = TenantPlacement;

/**
 * Looks up, by name, the vSphere objects a site already has: datacenter, cluster, datastore, distributed
 * switch, encryption storage policy and content library. Creates no resource; every name comes from the site
 * catalogue, so a reviewer (and the policy checker) can read where the tenant lands from the data sources.
 */
export class SiteInventory extends Construct {
  readonly datacenter: DataVsphereDatacenter;
  readonly cluster: DataVsphereComputeCluster;
  readonly datastore: DataVsphereDatastore;
  readonly distributedSwitch: DataVsphereDistributedVirtualSwitch;
  /** The site's encryption storage policy; undefined where the site declares none (ENC-01 refuses that for encrypted classes). */
  readonly encryptionPolicy?: DataVsphereStoragePolicy;
  readonly contentLibrary: DataVsphereContentLibrary;
  private readonly templates = new Map<string, DataVsphereContentLibraryItem>();

  constructor(scope: Construct, id: string, private readonly props: SiteInventoryProps) {
    super(scope, id);
    assertResidency('SiteInventory', props, []);
    const v = props.site.vsphere;
    this.datacenter = new DataVsphereDatacenter(this, 'datacenter', { name: v.datacenter });
    const datacenterId = this.datacenter.id;
    this.cluster = new DataVsphereComputeCluster(this, 'cluster', { name: v.cluster, datacenterId });
    this.datastore = new DataVsphereDatastore(this, 'datastore', { name: v.datastore, datacenterId });
    this.distributedSwitch = new DataVsphereDistributedVirtualSwitch(this, 'dvs', { name: v.distributedSwitch, datacenterId });
    if (v.encryptionPolicy) {
      this.encryptionPolicy = new DataVsphereStoragePolicy(this, 'encryption-policy', { name: v.encryptionPolicy });
    }
    this.contentLibrary = new DataVsphereContentLibrary(this, 'content-library', { name: v.contentLibrary });
  }

  /** The content library item of `name`, looked up once however many VM groups use it. */
  template(name: string): DataVsphereContentLibraryItem {
    let item = this.templates.get(name);
    if (!item) {
      item = new DataVsphereContentLibraryItem(this, `template-${name}`, {
        name,
        libraryId: this.contentLibrary.id,
        type: this.props.site.vsphere.templateType,
      });
      this.templates.set(name, item);
    }
    return item;
  }

  /** What the site's catalogue records of template `name`: guest id, firmware, hardware version. */
  templateOf(name: string): SiteTemplate {
    const t = this.props.site.vsphere.templates.find((x) => x.name === name);
    if (!t) {
      throw new Error(`template "${name}" is not registered at site ${this.props.site.id}; add it to vsphere.templates in sites.yaml`);
    }
    return t;
  }

  /** The guest OS id the site registers for template `name`. */
  guestIdOf(name: string): string {
    return this.templateOf(name).guestId;
  }
}
