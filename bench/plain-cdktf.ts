/**
 * The benchmark's baseline: a plain cdktf program, with no toolkit code, that reads the same config folder and
 * builds the same resources, data sources, variables, providers, backend and outputs per tenant as
 * `govcloud synth`, under the same construct ids, so both write the same `cdk.tf.json` per stack. It skips
 * what the toolkit adds on top: schema validation, line tracking, residency rules and atomic output.
 *
 * Run: `node dist/bench/plain-cdktf.js --config DIR --out OUT`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { Construct } from 'constructs';
import { App, Fn, LocalBackend, TerraformOutput, TerraformStack, type TerraformResourceLifecycle } from 'cdktf';
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
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { Namespace } from '@cdktf/provider-vault/lib/namespace';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { Audit } from '@cdktf/provider-vault/lib/audit';

/** A site of `sites.yaml`, only the fields the stacks use. */
interface PlainSite {
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
    templates: { name: string; guestId: string }[];
    encryptionPolicy?: string;
  };
  vault: { address: string; edition: string; auditCollector?: string; auditLogDir?: string };
}

/** A classification of `classifications.yaml`, only the fields the stacks use. */
interface PlainClassification {
  id: string;
  description: string;
}

/** A tenant file of `tenants/`, as written. */
interface PlainTenant {
  name: string;
  classification: string;
  site: string;
  network: { vlan: number; cidr: string };
  vms: { name: string; count: number; cpus: number; memoryMb: number; diskGb: number; dataDisksGb?: number[]; template: string }[];
  keys?: { rotationDays?: number; deletionAllowed?: boolean };
}

const ASSOCIABLE_TYPES = ['VirtualMachine', 'Folder', 'ResourcePool', 'DistributedVirtualPortgroup'];

/** A Vault policy granting `capabilities` on each path, written as the toolkit writes it. */
function hcl(rules: [string, string[]][]): string {
  return rules.map(([p, caps]) => `path "${p}" {\n  capabilities = [${caps.map((c) => `"${c}"`).join(', ')}]\n}\n`).join('\n');
}

/** One tenant's stack, written out resource by resource. */
class PlainTenantStack extends TerraformStack {
  constructor(scope: Construct, t: PlainTenant, site: PlainSite, classification: PlainClassification, datacenters: string[]) {
    super(scope, t.name);
    const v = site.vsphere;
    new LocalBackend(this, { path: 'terraform.tfstate' });
    const vsphere = new VsphereProvider(this, 'vsphere', { vsphereServer: v.server, user: 'from-environment', password: 'from-environment', allowUnverifiedSsl: false });
    vsphere.addOverride('user', undefined);
    vsphere.addOverride('password', undefined);
    new VaultProvider(this, 'vault', { address: site.vault.address, skipTlsVerify: false });
    this.addOverride('terraform.required_providers.vsphere.version', '2.15.0');
    this.addOverride('terraform.required_providers.vault.version', '5.6.0');

    const tenant = new Construct(this, 'tenant');

    // Site objects, looked up by name.
    const siteScope = new Construct(tenant, 'site');
    const datacenter = new DataVsphereDatacenter(siteScope, 'datacenter', { name: v.datacenter });
    const cluster = new DataVsphereComputeCluster(siteScope, 'cluster', { name: v.cluster, datacenterId: datacenter.id });
    const datastore = new DataVsphereDatastore(siteScope, 'datastore', { name: v.datastore, datacenterId: datacenter.id });
    const dvs = new DataVsphereDistributedVirtualSwitch(siteScope, 'dvs', { name: v.distributedSwitch, datacenterId: datacenter.id });
    const policy = v.encryptionPolicy ? new DataVsphereStoragePolicy(siteScope, 'encryption-policy', { name: v.encryptionPolicy }) : undefined;
    const library = new DataVsphereContentLibrary(siteScope, 'content-library', { name: v.contentLibrary });

    // Tags.
    const tagsScope = new Construct(tenant, 'tags');
    const tagIds = (
      [
        ['tenant', t.name, 'Tenant that owns the object'],
        ['classification', classification.id, `Data classification: ${classification.description}`],
        ['site', site.id, `Site the object is placed in: ${site.name}`],
      ] as const
    ).map(([category, value, description]) => {
      const cat = new TagCategory(tagsScope, `${category}-category`, {
        name: `${t.name}-${category}`,
        description,
        cardinality: 'SINGLE',
        associableTypes: ASSOCIABLE_TYPES,
      });
      return new Tag(tagsScope, `${category}-tag`, { name: value, categoryId: cat.id, description: `${category} ${value}` }).id;
    });

    // Network.
    const portGroup = new DistributedPortGroup(new Construct(tenant, 'network'), 'port-group', {
      name: `${t.name}-vlan${t.network.vlan}`,
      description: `Tenant ${t.name} (${classification.id})`,
      distributedVirtualSwitchUuid: dvs.id,
      vlanId: t.network.vlan,
      allowPromiscuous: false,
      allowForgedTransmits: false,
      allowMacChanges: false,
      tags: tagIds,
    });

    // Compute.
    const compute = new Construct(tenant, 'compute');
    const lifecycle: TerraformResourceLifecycle = {
      precondition: [
        {
          condition: Fn.contains(datacenters, datacenter.name),
          errorMessage: `RES-01: tenant ${t.name} (${classification.id}) may only be placed in datacenters ${datacenters.join(', ')}; move it to a site its classification allows (config/sites.yaml).`,
        },
      ],
    };
    const pool = new ResourcePool(compute, 'resource-pool', { name: t.name, parentResourcePoolId: cluster.resourcePoolId, tags: tagIds, lifecycle });
    const folder = new Folder(compute, 'folder', { path: t.name, type: 'vm', datacenterId: datacenter.id, tags: tagIds });
    const templates = new Map<string, DataVsphereContentLibraryItem>();
    for (const group of t.vms) {
      let template = templates.get(group.template);
      if (!template) {
        template = new DataVsphereContentLibraryItem(siteScope, `template-${group.template}`, {
          name: group.template,
          libraryId: library.id,
          type: v.templateType ?? 'ovf',
        });
        templates.set(group.template, template);
      }
      const guestId = v.templates.find((x) => x.name === group.template)!.guestId;
      const disks: VirtualMachineDisk[] = [group.diskGb, ...(group.dataDisksGb ?? [])].map((size, unit) => ({
        label: `disk${unit}`,
        unitNumber: unit,
        size,
        thinProvisioned: true,
        storagePolicyId: policy?.id,
      }));
      for (let n = 1; n <= group.count; n++) {
        const name = `${t.name}-${group.name}-${String(n).padStart(2, '0')}`;
        new VirtualMachine(compute, name, {
          name,
          annotation: `GovCloud tenant ${t.name}; classification ${classification.id}; site ${site.id}`,
          resourcePoolId: pool.id,
          datastoreId: datastore.id,
          folder: folder.path,
          numCpus: group.cpus,
          memory: group.memoryMb,
          guestId,
          firmware: 'efi',
          efiSecureBootEnabled: true,
          vtpm: { version: '2.0' },
          storagePolicyId: policy?.id,
          disk: disks,
          networkInterface: [{ networkId: portGroup.id }],
          clone: { templateUuid: template.id },
          tags: tagIds,
          lifecycle,
        });
      }
    }

    // Keys.
    const keys = new Construct(tenant, 'keys');
    const ns = site.vault.edition === 'enterprise' || site.vault.edition === 'openbao' ? new Namespace(keys, 'namespace', { path: t.name }) : undefined;
    const namespace = ns?.path;
    const prefix = ns ? '' : `tenants/${t.name}/`;
    const rootSuffix = ns ? '' : `-${t.name}`;
    const transit = new Mount(keys, 'transit', { namespace, path: `${prefix}transit`, type: 'transit', description: `Transit encryption for tenant ${t.name}` });
    new TransitSecretBackendKey(keys, 'data-key', {
      namespace,
      backend: transit.path,
      name: `${t.name}-data`,
      type: 'aes256-gcm96',
      exportable: false,
      allowPlaintextBackup: false,
      deletionAllowed: t.keys?.deletionAllowed ?? false,
      autoRotatePeriod: (t.keys?.rotationDays ?? 90) * 86400,
    });
    new Mount(keys, 'kv', { namespace, path: `${prefix}kv`, type: 'kv', options: { version: '2' }, description: `Secrets of tenant ${t.name}` });
    new Policy(keys, 'app-policy', {
      namespace,
      name: `${t.name}-app`,
      policy: hcl([
        [`${prefix}transit/encrypt/${t.name}-data`, ['update']],
        [`${prefix}transit/decrypt/${t.name}-data`, ['update']],
        [`${prefix}kv/data/app/*`, ['read']],
      ]),
    });
    const automationPolicy = new Policy(keys, 'automation-policy', {
      namespace,
      name: `${t.name}-automation`,
      policy: hcl([
        [`${prefix}kv/data/*`, ['create', 'read', 'update', 'delete']],
        [`${prefix}kv/metadata/*`, ['read', 'list']],
        [`${prefix}transit/encrypt/${t.name}-data`, ['update']],
      ]),
    });
    const approle = new AuthBackend(keys, 'approle', {
      namespace,
      type: 'approle',
      path: `approle${rootSuffix}`,
      description: `AppRole logins of tenant ${t.name}'s automation`,
    });
    const role = new ApproleAuthBackendRole(keys, 'automation-role', {
      namespace,
      backend: approle.path,
      roleName: `${t.name}-automation`,
      tokenPolicies: [automationPolicy.name],
      secretIdBoundCidrs: [t.network.cidr],
      tokenBoundCidrs: [t.network.cidr],
      secretIdTtl: 86400,
      tokenTtl: 3600,
      tokenMaxTtl: 14400,
      tokenType: 'service',
    });
    // Audit devices sit at the root namespace on every edition, named after the tenant.
    new Audit(keys, 'audit-file', {
      type: 'file',
      path: `file-${t.name}`,
      description: `Local audit log of tenant ${t.name}`,
      options: { file_path: `${site.vault.auditLogDir ?? '/var/log/vault'}/${t.name}-audit.log`, format: 'json' },
    });
    if (site.vault.auditCollector) {
      new Audit(keys, 'audit-socket', {
        type: 'socket',
        path: `socket-${t.name}`,
        description: `Central audit collector copy for tenant ${t.name}`,
        options: { address: site.vault.auditCollector, socket_type: 'tcp', format: 'json' },
      });
    }

    new TerraformOutput(this, 'port_group', { value: portGroup.name, description: 'Tenant port group' });
    new TerraformOutput(this, 'vault_namespace', { value: ns?.path ?? '', description: 'Tenant Vault namespace (empty on editions without namespaces)' });
    new TerraformOutput(this, 'transit_key', { value: `${prefix}transit/keys/${t.name}-data`, description: 'Tenant data key' });
    new TerraformOutput(this, 'automation_role', { value: role.roleName, description: 'AppRole of the tenant automation' });
  }
}

/**
 * Reads `configDir` (`sites.yaml`, `classifications.yaml`, `tenants/*.yaml`) and synthesizes one stack per
 * tenant into `outDir`, in one cdktf App. Assumes the config is valid: it checks nothing.
 *
 * @returns the number of stacks synthesized
 */
export function synthPlain(configDir: string, outDir: string): number {
  const read = <T>(file: string): T => parse(fs.readFileSync(file, 'utf8')) as T;
  const sites = new Map(read<{ sites: PlainSite[] }>(path.join(configDir, 'sites.yaml')).sites.map((s) => [s.id, s]));
  const classes = new Map(
    read<{ classifications: PlainClassification[] }>(path.join(configDir, 'classifications.yaml')).classifications.map((c) => [c.id, c]),
  );
  const tenantsDir = path.join(configDir, 'tenants');
  const tenants = fs
    .readdirSync(tenantsDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => read<PlainTenant>(path.join(tenantsDir, f)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // Which datacenters each classification allows, decided before timing (see bench/generate-tenants.ts).
  const allowed = JSON.parse(fs.readFileSync(path.join(configDir, 'allowed-datacenters.json'), 'utf8')) as Record<string, Record<string, string[]>>;
  const app = new App({ outdir: outDir, stackTraces: false });
  for (const t of tenants) new PlainTenantStack(app, t, sites.get(t.site)!, classes.get(t.classification)!, allowed[t.classification][t.site]);
  app.synth();
  return tenants.length;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const configDir = opt('--config');
  const outDir = opt('--out');
  if (!configDir || !outDir) {
    console.error('usage: node dist/bench/plain-cdktf.js --config DIR --out OUT');
    process.exit(2);
  }
  const count = synthPlain(configDir, outDir);
  console.log(`synthesized ${count} stacks into ${outDir}`);
}
