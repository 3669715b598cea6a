import { Construct } from 'constructs';
import { Fn, type TerraformResourceLifecycle } from 'cdktf';
import { ResourcePool } from '@cdktf/provider-vsphere/lib/resource-pool';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { VirtualMachine, type VirtualMachineDisk } from '@cdktf/provider-vsphere/lib/virtual-machine';
import type { TenantGuest, TenantVmGroup } from '../policy/model';
import type { SiteInventory } from './site-inventory';
import { assertResidency } from './tenant-placement';
import { allowedDatacenters } from '../policy/tenant-rules/allowed-datacenters';
import type { TenantPlacement } from '../policy/placement';

/** Props of {@link TenantCompute}. */
export interface TenantComputeProps extends TenantPlacement {
  /** The site's looked-up objects: cluster, datastore, encryption policy, templates. */
  readonly inventory: SiteInventory;
  /** Id of the port group every VM's network interface joins. */
  readonly networkId: string;
  /** Groups of identical VMs; each group of `count` becomes `count` VMs named `<tenant>-<group>-<nn>`. */
  readonly vms: readonly TenantVmGroup[];
  /**
   * Tag ids to attach to the resource pool, the folder and every VM.
   * @default - no tags
   */
  readonly tagIds?: string[];
  /**
   * Guest customization of every clone: domain and DNS servers through vSphere's Linux customization, NTP
   * servers in `guestinfo.govcloud.ntp-servers` for the template's first-boot script. In an enclave every
   * server must be inside it (NET-07).
   * @default - no customization: clones keep the template's settings
   */
  readonly guest?: TenantGuest;
  /**
   * The tenant's own IPv4 network; guest servers given by an address inside it are the tenant's own.
   * @default - none
   */
  readonly networkCidr?: string;
}

/**
 * The tenant's compute: a resource pool and a VM folder of its own (SecNumCloud 9.7.a), and VMs cloned from
 * the site's approved templates with EFI firmware, secure boot, vTPM 2.0, and the site's encryption storage
 * policy on the VM home and on every disk, so no file of the VM is left unencrypted (SecNumCloud 10.1.a).
 */
export class TenantCompute extends Construct {
  readonly resourcePool: ResourcePool;
  readonly folder: Folder;
  /** Every VM, in declaration order. */
  readonly machines: VirtualMachine[] = [];

  constructor(scope: Construct, id: string, props: TenantComputeProps) {
    super(scope, id);
    assertResidency('TenantCompute', props, ['compute', 'network'], { reach: { guest: props.guest, cidr: props.networkCidr } });
    const { guest } = props;
    const { inventory, tenant } = props;
    // ENC-01 has refused a site without a policy for encrypted classes; every class requires encryption today.
    const storagePolicyId = inventory.encryptionPolicy?.id;

    // The residency rule travels with the Terraform: a plan run outside the toolkit, of a stack edited by
    // hand, still refuses a VM or pool whose datacenter the classification does not allow (RES-01).
    const datacenters = allowedDatacenters(props);
    const lifecycle: TerraformResourceLifecycle = {
      precondition: [
        {
          condition: Fn.contains(datacenters, inventory.datacenter.name),
          errorMessage: `RES-01: tenant ${tenant} (${props.classification.id}) may only be placed in datacenters ${datacenters.join(', ')}; move it to a site its classification allows (config/sites.yaml).`,
        },
      ],
    };

    this.resourcePool = new ResourcePool(this, 'resource-pool', {
      name: tenant,
      parentResourcePoolId: inventory.cluster.resourcePoolId,
      tags: props.tagIds,
      lifecycle,
    });
    this.folder = new Folder(this, 'folder', {
      path: tenant,
      type: 'vm',
      datacenterId: inventory.datacenter.id,
      tags: props.tagIds,
    });

    for (const group of props.vms) {
      const template = inventory.template(group.template);
      const disks: VirtualMachineDisk[] = [group.diskGb, ...group.dataDisksGb].map((size, unit) => ({
        label: `disk${unit}`,
        unitNumber: unit,
        size,
        thinProvisioned: true,
        storagePolicyId,
      }));
      for (let n = 1; n <= group.count; n++) {
        const name = `${tenant}-${group.name}-${String(n).padStart(2, '0')}`;
        this.machines.push(
          new VirtualMachine(this, name, {
            name,
            annotation: `GovCloud tenant ${tenant}; classification ${props.classification.id}; site ${props.site.id}`,
            resourcePoolId: this.resourcePool.id,
            datastoreId: inventory.datastore.id,
            folder: this.folder.path,
            numCpus: group.cpus,
            memory: group.memoryMb,
            guestId: inventory.guestIdOf(group.template),
            firmware: 'efi',
            efiSecureBootEnabled: true,
            vtpm: { version: '2.0' },
            storagePolicyId,
            disk: disks,
            networkInterface: [{ networkId: props.networkId }],
            clone: {
              templateUuid: template.id,
              customize: guest && {
                linuxOptions: { hostName: name, domain: guest.domain },
                networkInterface: [{}],
                dnsServerList: guest.dnsServers.length ? [...guest.dnsServers] : undefined,
                dnsSuffixList: [guest.domain],
              },
            },
            extraConfig: guest?.ntpServers.length ? { 'guestinfo.govcloud.ntp-servers': guest.ntpServers.join(',') } : undefined,
            tags: props.tagIds,
            lifecycle,
          }),
        );
      }
    }
  }
}
