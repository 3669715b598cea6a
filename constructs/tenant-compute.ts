import { Construct } from 'constructs';
import { Fn, type TerraformResourceLifecycle } from 'cdktf';
import { ResourcePool } from '@cdktf/provider-vsphere/lib/resource-pool';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { VirtualMachine, type VirtualMachineDisk } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { VTPM_MIN_HARDWARE_VERSION, vtpmRequested, type Site, type SiteTemplate, type TenantGuest, type TenantVmGroup } from '../policy/model';
import { vmPostconditions } from './postconditions';
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
  /**
   * A DHCP server serves the tenant's VLAN, so each apply waits for every VM's routable address.
   * @default false - no wait: a VM on a VLAN without DHCP never gets an address and the wait would fail the apply
   */
  readonly dhcp?: boolean;
  /**
   * The tenant's primary site, where this compute is its recovery: preconditions then name the recovery site.
   * @default - this is the tenant's primary site
   */
  readonly recoveryOf?: string;
}

/** Minutes an apply waits for a guest address where the VLAN has DHCP (the provider's default, made explicit). */
const GUEST_NET_WAIT_MINUTES = 5;

/** The NIC's OVF network key: the template's recorded OVF network, for OVF items only. */
function ovfMapping(site: Site, template: SiteTemplate): string | undefined {
  return site.vsphere.templateType === 'ovf' ? template.ovfNetwork : undefined;
}

/**
 * The tenant's compute: a resource pool and a VM folder of its own (SecNumCloud 9.7.a), and VMs cloned from
 * the site's approved templates with their firmware (secure boot where it is EFI), an explicit hardware version,
 * vTPM 2.0 where the site has a key provider, and the site's encryption storage policy on the VM home and on every
 * disk, so no file of the VM is left unencrypted (SecNumCloud 10.1.a); postconditions prove each after apply.
 */
export class TenantCompute extends Construct {
  readonly resourcePool: ResourcePool;
  readonly folder: Folder;
  /** Every VM, in declaration order. */
  readonly machines: VirtualMachine[] = [];
  /** The VMs of each declared group, by group name (what {@link TenantSpread} keeps apart). */
  readonly machinesByGroup = new Map<string, VirtualMachine[]>();

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
          errorMessage: props.recoveryOf
            ? `RES-01: recovery site ${props.site.id} of tenant ${tenant} (${props.classification.id}, primary ${props.recoveryOf}): the replica may only be placed in datacenters ${datacenters.join(', ')}; choose a recovery site its classification allows (recovery.site in the tenant file).`
            : `RES-01: tenant ${tenant} (${props.classification.id}) may only be placed in datacenters ${datacenters.join(', ')}; move it to a site its classification allows (config/sites.yaml).`,
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

    const vtpm = vtpmRequested(props.site);
    for (const group of props.vms) {
      const template = inventory.template(group.template);
      const recorded = inventory.templateOf(group.template);
      const efi = recorded.firmware === 'efi';
      // Explicit, never below the template's (the provider refuses a downgrade: ValidateHardwareVersion in
      // vsphere/internal/helper/virtualmachine/virtual_machine_helper.go), 14 or later where a vTPM is requested.
      // The upgrade runs after the vTPM is added (resource_vsphere_virtual_machine.go ~l.1768, ~l.1801), so a
      // template below 14 is refused by the loader rather than raised here.
      const hardwareVersion = Math.max(recorded.hardwareVersion, vtpm ? VTPM_MIN_HARDWARE_VERSION : 0);
      const disks: VirtualMachineDisk[] = [group.diskGb, ...group.dataDisksGb].map((size, unit) => ({
        label: `disk${unit}`,
        unitNumber: unit,
        size,
        thinProvisioned: true,
        storagePolicyId,
      }));
      const members: VirtualMachine[] = [];
      this.machinesByGroup.set(group.name, members);
      for (let n = 1; n <= group.count; n++) {
        const name = `${tenant}-${group.name}-${String(n).padStart(2, '0')}`;
        members.push(
          new VirtualMachine(this, name, {
            name,
            annotation: `GovCloud tenant ${tenant}; classification ${props.classification.id}; site ${props.site.id}`,
            resourcePoolId: this.resourcePool.id,
            datastoreId: inventory.datastore.id,
            folder: this.folder.path,
            numCpus: group.cpus,
            memory: group.memoryMb,
            // No guest_id: on a content-library deploy the provider blanks it and stores the template's own
            // (vsphere/resource_vsphere_virtual_machine.go v2.15.0, resourceVSphereVirtualMachineCreateClone ~l.1544
            // `d.Set("guest_id", "")`, then resourceVSphereVirtualMachinePostDeployChanges ~l.1798
            // `d.Set("guest_id", vmprops.Config.GuestId)`), so a catalogue guestId set here that differs from the
            // template's is a change, and a reboot, on the next apply. guest_id is Optional and Computed: left out,
            // the template's value is kept and read back, and the customization's OS family is taken from it (~l.1817).
            // Every site template is a content library item (SiteInventory), so no VM here is a plain clone.
            // The firmware is the template's: forcing efi on an OS installed for BIOS leaves it unbootable.
            firmware: recorded.firmware,
            efiSecureBootEnabled: efi || undefined,
            hardwareVersion,
            vtpm: vtpm ? { version: '2.0' } : undefined,
            storagePolicyId,
            disk: disks,
            // ovf_mapping is the OVF descriptor's network name (content_library_helper.go v2.15.0 MapNetworkDevices,
            // ~l.528-536, sends it as the key of each NIC's mapping); empty, vCenter maps it only when the OVF has one
            // network (provider issue #1345). Every VM here has one NIC, so the key is sent only where the catalogue
            // records the template's network name (ovfNetwork), and only for OVF items (a vm-template deploy ignores it).
            networkInterface: [{ networkId: props.networkId, ovfMapping: ovfMapping(props.site, recorded) }],
            // The provider waits after create and on every update for a routable guest address, 5 minutes by default
            // (wait_for_guest_net_timeout; WaitForGuestNet in resource_vsphere_virtual_machine.go ~l.423, ~l.864). A VM on
            // a VLAN without DHCP never gets one and fails the apply: wait only where the tenant declares network.dhcp.
            waitForGuestNetTimeout: props.dhcp ? GUEST_NET_WAIT_MINUTES : 0,
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
            lifecycle: {
              ...lifecycle,
              postcondition: vmPostconditions({
                vm: name,
                encryptionPolicyRef: inventory.encryptionPolicy && `${inventory.encryptionPolicy.fqn}.id`,
                encryptionPolicy: props.site.vsphere.encryptionPolicy,
                efi,
                vtpm,
              }),
            },
          }),
        );
      }
      this.machines.push(...members);
    }
  }
}
