/**
 * The benchmark's baseline: a plain cdktf program, with no toolkit code, that reads the same config folder and
 * builds the same resources, data sources, providers, backend, outputs, preconditions and postconditions per
 * tenant as `govcloud synth`, and the same recovery stack for a tenant that declares one, under the same construct
 * ids, so both write the same `cdk.tf.json` per stack (test/bench/plain-cdktf.test.ts compares them byte for byte).
 * It skips what the toolkit adds on top: schema validation, line tracking, residency rules, the site stacks (one
 * per site in use, a handful whatever the tenant count) and atomic output. It reads only what the bench's
 * generated tenants declare (no guest settings, DHCP or content library of their own).
 *
 * Run: `node dist/bench/plain-cdktf.js --config DIR --out OUT`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { Construct } from 'constructs';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { Namespace } from '@cdktf/provider-vault/lib/namespace';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { hcl, placeTenant, postcondition, vsphereProvider, type PlainClassification, type PlainSite, type PlainTenant } from './plain-parts';

/** One tenant's stack, written out resource by resource. */
class PlainTenantStack extends TerraformStack {
  constructor(scope: Construct, t: PlainTenant, site: PlainSite, classification: PlainClassification, datacenters: string[]) {
    super(scope, t.name);
    vsphereProvider(this, site);
    new VaultProvider(this, 'vault', { address: site.vault.address, skipTlsVerify: false });
    this.addOverride('terraform.required_providers.vsphere.version', '2.15.0');
    this.addOverride('terraform.required_providers.vault.version', '5.6.0');

    const tenant = new Construct(this, 'tenant');
    const network = placeTenant(tenant, t, site, classification, t.vms, datacenters);

    // Keys.
    const keys = new Construct(tenant, 'keys');
    const guarded = classification.keyDeletionAllowed.value ? {} : { lifecycle: { preventDestroy: true } };
    const ns = site.vault.edition === 'enterprise' || site.vault.edition === 'openbao' ? new Namespace(keys, 'namespace', { path: t.name, ...guarded }) : undefined;
    const namespace = ns?.path;
    const prefix = ns ? '' : `tenants/${t.name}/`;
    const rootSuffix = ns ? '' : `-${t.name}`;
    const transit = new Mount(keys, 'transit', { namespace, path: `${prefix}transit`, type: 'transit', description: `Transit encryption for tenant ${t.name}`, ...guarded });
    const keyPostconditions = [
      postcondition('ENC-05', 'self.exportable == false && self.allow_plaintext_backup == false', `transit key ${t.name}-data is exportable or allows plaintext backup as Vault holds it: its material can leave Vault, irreversibly; replace the key and re-encrypt its data`),
      ...(classification.keyDeletionAllowed.value
        ? []
        : [postcondition('ENC-06', 'self.deletion_allowed == false', `transit key ${t.name}-data is deletable as Vault holds it, and its classification bars deleting it; set deletion_allowed = false`)]),
    ];
    new TransitSecretBackendKey(keys, 'data-key', {
      namespace,
      backend: transit.path,
      name: `${t.name}-data`,
      type: 'aes256-gcm96',
      exportable: false,
      allowPlaintextBackup: false,
      deletionAllowed: t.keys?.deletionAllowed ?? false,
      autoRotatePeriod: (t.keys?.rotationDays ?? 90) * 86400,
      lifecycle: { postcondition: keyPostconditions },
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

    new TerraformOutput(this, 'port_group', { value: network.name, description: 'Tenant port group' });
    new TerraformOutput(this, 'vault_namespace', { value: ns?.path ?? '', description: 'Tenant Vault namespace (empty on editions without namespaces)' });
    new TerraformOutput(this, 'transit_key', { value: `${prefix}transit/keys/${t.name}-data`, description: 'Tenant data key' });
    new TerraformOutput(this, 'automation_role', { value: role.roleName, description: 'AppRole of the tenant automation' });
  }
}

/** A tenant's recovery stack at its recovery site: the site's objects, tags, network, and for a warm recovery its VMs. */
class PlainRecoveryStack extends TerraformStack {
  constructor(scope: Construct, t: PlainTenant, site: PlainSite, recoverySite: PlainSite, classification: PlainClassification, datacenters: string[]) {
    super(scope, `${t.name}-recovery`);
    const recovery = t.recovery!;
    vsphereProvider(this, recoverySite);
    this.addOverride('terraform.required_providers.vsphere.version', '2.15.0');
    const network = placeTenant(new Construct(this, 'recovery'), t, recoverySite, classification, recovery.mode === 'warm' ? t.vms : [], datacenters, site.id);
    new TerraformOutput(this, 'port_group', { value: network.name, description: 'Tenant port group at the recovery site' });
    new TerraformOutput(this, 'recovery_mode', { value: `${recovery.mode} recovery of ${t.name} (primary ${site.id}) at ${recoverySite.id}`, description: 'What stands ready at the recovery site' });
    const replica = (site.vault.replication ?? []).find((r) => r.site === recoverySite.id);
    new TerraformOutput(this, 'vault_keys', {
      value: replica
        ? `${recoverySite.vault.address}: ${replica.mode} secondary of ${site.vault.address}${replica.mode === 'disaster-recovery' ? ' (promote it before use)' : ''}`
        : recoverySite.vault.address,
      description: "Where the tenant's transit keys are at the recovery site",
    });
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
  let stacks = 0;
  for (const t of tenants) {
    const [site, classification] = [sites.get(t.site)!, classes.get(t.classification)!];
    new PlainTenantStack(app, t, site, classification, allowed[t.classification][t.site]);
    stacks++;
    if (t.recovery) {
      new PlainRecoveryStack(app, t, site, sites.get(t.recovery.site)!, classification, allowed[t.classification][t.recovery.site]);
      stacks++;
    }
  }
  app.synth();
  return stacks;
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
