/**
 * The parts of the benchmark's plain cdktf program (bench/plain-cdktf.ts) that a tenant stack and a recovery stack
 * share: the config types it reads, and the site objects, tags, port group, compute and anti-affinity rules of a
 * tenant at one site, written with cdktf and the provider bindings only, as the toolkit's constructs write them.
 */
import { Construct } from 'constructs';
import { Fn, LocalBackend, type TerraformResourceLifecycle, type TerraformStack } from 'cdktf';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereDistributedVirtualSwitch } from '@cdktf/provider-vsphere/lib/data-vsphere-distributed-virtual-switch';
import { DataVsphereStoragePolicy } from '@cdktf/provider-vsphere/lib/data-vsphere-storage-policy';
import { DataVsphereContentLibrary } from '@cdktf/provider-vsphere/lib/data-vsphere-content-library';
import { DataVsphereContentLibraryItem } from '@cdktf/provider-vsphere/lib/data-vsphere-content-library-item';
import { TagCategory } from '@cdktf/provider-vsphere/lib/tag-category';
import { Tag } from '@cdktf/provider-vsphere/lib/tag';
import { DistributedPortGroup } from '@cdktf/provider-vsphere/lib/distributed-port-group';
import { ResourcePool } from '@cdktf/provider-vsphere/lib/resource-pool';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { VirtualMachine, type VirtualMachineDisk } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { ComputeClusterVmAntiAffinityRule } from '@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule';

/** A template of a site's content library, as the catalogue records it. */
export interface PlainTemplate {
  name: string;
  firmware: string;
  hardwareVersion: number;
  ovfNetwork?: string;
}

/** A site of `sites.yaml`, only the fields the stacks use. */
export interface PlainSite {
  id: string;
  name: string;
  vsphere: {
    server: string;
    datacenter: string;
    cluster: string;
    datastore: string;
    distributedSwitch: string;
    contentLibrary: string;
    templateType?: string;
    templates: PlainTemplate[];
    encryptionPolicy?: string;
    keyProvider?: string;
  };
  vault: { address: string; edition: string; replication?: { site: string; mode: string }[] };
}

/** A classification of `classifications.yaml`, only the fields the stacks use. */
export interface PlainClassification {
  id: string;
  description: string;
  keyDeletionAllowed: { value: boolean };
}

/** A VM group of a tenant file. */
export interface PlainVmGroup {
  name: string;
  count: number;
  cpus: number;
  memoryMb: number;
  diskGb: number;
  dataDisksGb?: number[];
  template: string;
  spread?: { disabled?: boolean };
}

/** A tenant file of `tenants/`, as written (the generated ones: no guest settings, no DHCP, no content library). */
export interface PlainTenant {
  name: string;
  classification: string;
  site: string;
  network: { vlan: number; cidr: string };
  vms: PlainVmGroup[];
  keys?: { rotationDays?: number; deletionAllowed?: boolean };
  recovery?: { site: string; mode: string };
}

const ASSOCIABLE_TYPES = ['VirtualMachine', 'Folder', 'ResourcePool', 'DistributedVirtualPortgroup'];

/** A Vault policy granting `capabilities` on each path, written as the toolkit writes it. */
export function hcl(rules: [string, string[]][]): string {
  return rules.map(([p, caps]) => `path "${p}" {\n  capabilities = [${caps.map((c) => `"${c}"`).join(', ')}]\n}\n`).join('\n');
}

/** A postcondition as the toolkit writes it: the rule id leads the message. */
export const postcondition = (ruleId: string, expression: string, message: string) => ({ condition: `\${${expression}}`, errorMessage: `${ruleId}: ${message}` });

/** The vSphere provider of a stack, its credentials left to the environment, and the state file. */
export function vsphereProvider(stack: TerraformStack, site: PlainSite): void {
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  const vsphere = new VsphereProvider(stack, 'vsphere', { vsphereServer: site.vsphere.server, user: 'from-environment', password: 'from-environment', allowUnverifiedSsl: false });
  vsphere.addOverride('user', undefined);
  vsphere.addOverride('password', undefined);
}

/** The site's objects, looked up by name; templates on first use. */
function siteObjects(tenant: Construct, site: PlainSite) {
  const v = site.vsphere;
  const scope = new Construct(tenant, 'site');
  const datacenter = new DataVsphereDatacenter(scope, 'datacenter', { name: v.datacenter });
  const cluster = new DataVsphereComputeCluster(scope, 'cluster', { name: v.cluster, datacenterId: datacenter.id });
  const datastore = new DataVsphereDatastore(scope, 'datastore', { name: v.datastore, datacenterId: datacenter.id });
  const dvs = new DataVsphereDistributedVirtualSwitch(scope, 'dvs', { name: v.distributedSwitch, datacenterId: datacenter.id });
  const policy = v.encryptionPolicy ? new DataVsphereStoragePolicy(scope, 'encryption-policy', { name: v.encryptionPolicy }) : undefined;
  const library = new DataVsphereContentLibrary(scope, 'content-library', { name: v.contentLibrary });
  const templates = new Map<string, DataVsphereContentLibraryItem>();
  const template = (name: string): DataVsphereContentLibraryItem => {
    let item = templates.get(name);
    if (!item) {
      item = new DataVsphereContentLibraryItem(scope, `template-${name}`, { name, libraryId: library.id, type: v.templateType ?? 'ovf' });
      templates.set(name, item);
    }
    return item;
  };
  return { datacenter, cluster, datastore, dvs, policy, template };
}

/** The tenant, classification and site tags; returns their ids. */
function tags(tenant: Construct, t: PlainTenant, site: PlainSite, classification: PlainClassification): string[] {
  const scope = new Construct(tenant, 'tags');
  return (
    [
      ['tenant', t.name, 'Tenant that owns the object'],
      ['classification', classification.id, `Data classification: ${classification.description}`],
      ['site', site.id, `Site the object is placed in: ${site.name}`],
    ] as const
  ).map(([category, value, description]) => {
    const cat = new TagCategory(scope, `${category}-category`, { name: `${t.name}-${category}`, description, cardinality: 'SINGLE', associableTypes: ASSOCIABLE_TYPES });
    return new Tag(scope, `${category}-tag`, { name: value, categoryId: cat.id, description: `${category} ${value}` }).id;
  });
}

/** The tenant's port group, its security flags proven after apply. */
function portGroup(tenant: Construct, t: PlainTenant, classification: PlainClassification, dvsId: string, tagIds: string[]): DistributedPortGroup {
  const name = `${t.name}-vlan${t.network.vlan}`;
  return new DistributedPortGroup(new Construct(tenant, 'network'), 'port-group', {
    name,
    description: `Tenant ${t.name} (${classification.id})`,
    distributedVirtualSwitchUuid: dvsId,
    vlanId: t.network.vlan,
    allowPromiscuous: false,
    allowForgedTransmits: false,
    allowMacChanges: false,
    tags: tagIds,
    lifecycle: {
      postcondition: [
        postcondition(
          'NET-05',
          'self.allow_promiscuous == false && self.allow_forged_transmits == false && self.allow_mac_changes == false',
          `port group ${name} allows promiscuous mode, forged transmits or MAC changes as vCenter holds it: the provider does not send false, so the port group inherits the distributed switch's defaults; set the switch's defaults to reject all three (vSphere Client: distributed switch > Settings > Security) and apply again`,
        ),
      ],
    },
  });
}

/** What a VM reads back after apply, as the toolkit asks it. */
function vmPostconditions(vm: string, policyRef: string | undefined, policyName: string | undefined, efi: boolean, vtpm: boolean) {
  const out = [];
  if (policyRef) {
    const policy = `the encryption storage policy "${policyName}"`;
    out.push(
      postcondition('ENC-01', `self.storage_policy_id == ${policyRef}`, `the home of VM ${vm} is not on ${policy} as vCenter holds it: its configuration, swap and vTPM state are in clear; check the policy in vCenter`),
      postcondition('ENC-02', `alltrue([for d in self.disk : d.storage_policy_id == ${policyRef}])`, `a disk of VM ${vm} is not on ${policy} as vCenter holds it: its data is in clear; check the policy in vCenter`),
    );
  }
  if (efi) out.push(postcondition('ENC-03', 'self.firmware == "efi" && self.efi_secure_boot_enabled == true', `VM ${vm} does not boot with EFI firmware and secure boot as vCenter holds it`));
  if (vtpm) out.push(postcondition('ENC-04', 'length(self.vtpm) == 1', `VM ${vm} has no vTPM: its keys cannot be sealed to it`));
  return out;
}

/**
 * The tenant at `site`: the site's objects, the tags, the port group, then the resource pool, folder and VMs of
 * `vms`, each VM group of two or more kept apart by an anti-affinity rule; `recoveryOf` (the primary site) for a
 * recovery stack. Returns the port group.
 */
export function placeTenant(tenant: Construct, t: PlainTenant, site: PlainSite, classification: PlainClassification, vms: PlainVmGroup[], datacenters: string[], recoveryOf?: string): DistributedPortGroup {
  const objects = siteObjects(tenant, site);
  const tagIds = tags(tenant, t, site, classification);
  const network = portGroup(tenant, t, classification, objects.dvs.id, tagIds);
  const scope = new Construct(tenant, 'compute');
  const lifecycle: TerraformResourceLifecycle = {
    precondition: [
      {
        condition: Fn.contains(datacenters, objects.datacenter.name),
        errorMessage: recoveryOf
          ? `RES-01: recovery site ${site.id} of tenant ${t.name} (${classification.id}, primary ${recoveryOf}): the replica may only be placed in datacenters ${datacenters.join(', ')}; choose a recovery site its classification allows (recovery.site in the tenant file).`
          : `RES-01: tenant ${t.name} (${classification.id}) may only be placed in datacenters ${datacenters.join(', ')}; move it to a site its classification allows (config/sites.yaml).`,
      },
    ],
  };
  const pool = new ResourcePool(scope, 'resource-pool', { name: t.name, parentResourcePoolId: objects.cluster.resourcePoolId, tags: tagIds, lifecycle });
  const folder = new Folder(scope, 'folder', { path: t.name, type: 'vm', datacenterId: objects.datacenter.id, tags: tagIds });
  const vtpm = Boolean(site.vsphere.keyProvider);
  const groups = new Map<string, VirtualMachine[]>();
  for (const group of vms) {
    const template = objects.template(group.template);
    const recorded = site.vsphere.templates.find((x) => x.name === group.template)!;
    const efi = recorded.firmware === 'efi';
    const disks: VirtualMachineDisk[] = [group.diskGb, ...(group.dataDisksGb ?? [])].map((size, unit) => ({
      label: `disk${unit}`,
      unitNumber: unit,
      size,
      thinProvisioned: true,
      storagePolicyId: objects.policy?.id,
    }));
    const members: VirtualMachine[] = [];
    groups.set(group.name, members);
    for (let n = 1; n <= group.count; n++) {
      const name = `${t.name}-${group.name}-${String(n).padStart(2, '0')}`;
      members.push(
        new VirtualMachine(scope, name, {
          name,
          annotation: `GovCloud tenant ${t.name}; classification ${classification.id}; site ${site.id}`,
          resourcePoolId: pool.id,
          datastoreId: objects.datastore.id,
          folder: folder.path,
          numCpus: group.cpus,
          memory: group.memoryMb,
          firmware: recorded.firmware,
          efiSecureBootEnabled: efi || undefined,
          hardwareVersion: Math.max(recorded.hardwareVersion, vtpm ? 14 : 0),
          vtpm: vtpm ? { version: '2.0' } : undefined,
          storagePolicyId: objects.policy?.id,
          disk: disks,
          networkInterface: [{ networkId: network.id, ovfMapping: site.vsphere.templateType === 'ovf' ? recorded.ovfNetwork : undefined }],
          waitForGuestNetTimeout: 0,
          clone: { templateUuid: template.id },
          tags: tagIds,
          lifecycle: { ...lifecycle, postcondition: vmPostconditions(name, objects.policy && `${objects.policy.fqn}.id`, site.vsphere.encryptionPolicy, efi, vtpm) },
        }),
      );
    }
  }
  const spread = new Construct(tenant, 'spread');
  for (const group of vms) {
    const members = groups.get(group.name) ?? [];
    if (members.length < 2 || group.spread?.disabled) continue;
    new ComputeClusterVmAntiAffinityRule(spread, group.name, {
      name: `${t.name}-${group.name}-spread`,
      computeClusterId: objects.cluster.id,
      virtualMachineIds: members.map((vm) => vm.id),
      enabled: true,
    });
  }
  return network;
}
