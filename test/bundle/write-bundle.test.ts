import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BundleRefused, bundleTenant, filesUnder, writeBundle } from '../../bundle';
import { InputError } from '../../loader/input-error';
import { loadConfig } from '../../loader/load-config';
import { synthesizeTenants, TenantsRefused } from '../../stacks/synth';
import { terraformTest } from '../terraform-binary';
import { PACKED_MIRROR, PACKED_ZIP, stackRequiring, terraform, terraformLockFile, unpackedFakeMirror } from './fake-mirror';
import { bundledYaml, configWith } from '../fixtures/config-files';

const CONFIG = path.resolve('config');
const TENANT = 'enclave-analytics';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-bundle-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const withTerraform = terraformTest('terraform is not shown to accept the bundle and its lock file');

let n = 0;
/** A path in the scratch folder that does not exist yet. */
const fresh = (name: string) => path.join(tmp, `${name}-${++n}`);
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

/** A mirror with stand-in packages of the tenant's pinned providers, and versions and providers it must leave out. */
function tenantMirror(): string {
  const root = fresh('mirror');
  const pkg = (rel: string, body: string) => {
    fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), body, { mode: 0o755 });
  };
  pkg('registry.terraform.io/vmware/vsphere/2.15.0/linux_amd64/terraform-provider-vsphere_v2.15.0', 'stand-in vsphere 2.15.0\n');
  pkg('registry.terraform.io/vmware/vsphere/2.14.0/linux_amd64/terraform-provider-vsphere_v2.14.0', 'stand-in vsphere 2.14.0\n');
  pkg('registry.terraform.io/hashicorp/vault/5.6.0/linux_amd64/terraform-provider-vault_v5.6.0', 'stand-in vault 5.6.0\n');
  pkg('registry.terraform.io/hashicorp/random/3.6.0/linux_amd64/terraform-provider-random_v3.6.0', 'stand-in random\n');
  return root;
}

/** Every file of a bundle with its bytes' hash. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((f) => [f, sha256(path.join(dir, f))]));
}

/** Folders left beside `out` (a failed bundle must leave no temporary folder). */
const siblings = (out: string) => fs.readdirSync(path.dirname(out)).filter((f) => f.startsWith(path.basename(out)));

describe('bundleTenant', () => {
  const config = loadConfig(CONFIG);

  it('carries the stack synth writes, a CLI config that installs only from the mirror, VERIFY.md and a manifest', () => {
    const out = fresh('bundle');
    const result = bundleTenant(config, TENANT, { outDir: out });
    // lu-enclave-1 runs OpenBao: the site's audit stanzas travel with the bundle.
    expect(result.files).toEqual(['MANIFEST.sha256', 'VERIFY.md', 'cdk.tf.json', 'openbao-audit.hcl', 'providers/README.md', 'terraform.rc']);
    const synthOut = fresh('synth');
    synthesizeTenants(config, { outDir: synthOut, tenants: [TENANT] });
    expect(read(out, 'cdk.tf.json')).toBe(read(path.join(synthOut, 'stacks', TENANT), 'cdk.tf.json'));
    expect(read(out, 'openbao-audit.hcl')).toBe(read(path.join(synthOut, 'sites', 'lu-enclave-1'), 'openbao-audit.hcl'));
    expect(read(out, 'VERIFY.md')).toContain('`openbao-audit.hcl` holds the site\'s audit devices');

    const rc = read(out, 'terraform.rc');
    expect(rc).toContain('disable_checkpoint = true');
    expect(rc).toMatch(/provider_installation \{\s*filesystem_mirror \{\s*path {4}= "providers"\s*include = \["registry.terraform.io\/hashicorp\/vault", "registry.terraform.io\/vmware\/vsphere"\]\s*\}\s*\}/);
    expect(rc).not.toMatch(/direct|network_mirror/);
    // Without a mirror there are no checksums to record.
    expect(fs.existsSync(path.join(out, '.terraform.lock.hcl'))).toBe(false);

    const guide = read(out, 'VERIFY.md');
    expect(guide).toContain('sha256sum -c MANIFEST.sha256');
    expect(guide).toContain('export TF_CLI_CONFIG_FILE="$PWD/terraform.rc"');
    expect(guide).toContain("export VSPHERE_USER='...'");
    expect(guide).toContain("export VSPHERE_PASSWORD='...'");
    expect(guide).not.toContain('TF_VAR_');
    expect(guide).toContain("export VAULT_TOKEN='...'");
    expect(guide).toContain('was not found in any of the search locations');
    const stack = JSON.parse(read(out, 'cdk.tf.json')) as { resource: Record<string, Record<string, unknown>> };
    const resources = Object.values(stack.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(guide).toContain(`\`Plan: ${resources} to add, 0 to change, 0 to destroy.\``);
  });

  it('lists every other file in MANIFEST.sha256 with its SHA-256, sorted, in the format sha256sum -c checks', () => {
    const out = fresh('bundle');
    bundleTenant(config, TENANT, { outDir: out, providerMirror: tenantMirror() });
    const expected = filesUnder(out)
      .filter((f) => f !== 'MANIFEST.sha256')
      .map((f) => `${sha256(path.join(out, f))}  ${f}\n`)
      .join('');
    expect(read(out, 'MANIFEST.sha256')).toBe(expected);
    expect(expected).toContain('  .terraform.lock.hcl\n');
    const check = spawnSync('sha256sum', ['-c', 'MANIFEST.sha256'], { cwd: out, encoding: 'utf8' });
    if (check.error) {
      console.warn('SKIPPED: sha256sum is not on PATH; the manifest is checked by the hashes above only.');
      return;
    }
    expect(check.status).toBe(0);
    expect(check.stdout.trim().split('\n')).toHaveLength(filesUnder(out).length - 1);
    fs.appendFileSync(path.join(out, 'cdk.tf.json'), ' ');
    const tampered = spawnSync('sha256sum', ['-c', 'MANIFEST.sha256'], { cwd: out, encoding: 'utf8' });
    expect(tampered.status).not.toBe(0);
    expect(tampered.stdout).toContain('cdk.tf.json: FAILED');
  });

  it('copies exactly the pinned versions from the mirror and locks the checksums of the copies', () => {
    const out = fresh('bundle');
    const result = bundleTenant(config, TENANT, { outDir: out, providerMirror: tenantMirror() });
    expect(result.files.filter((f) => f.startsWith('providers/registry'))).toEqual([
      'providers/registry.terraform.io/hashicorp/vault/5.6.0/linux_amd64/terraform-provider-vault_v5.6.0',
      'providers/registry.terraform.io/vmware/vsphere/2.15.0/linux_amd64/terraform-provider-vsphere_v2.15.0',
    ]);
    expect(fs.statSync(path.join(out, 'providers/registry.terraform.io/hashicorp/vault/5.6.0/linux_amd64/terraform-provider-vault_v5.6.0')).mode & 0o111).not.toBe(0);
    const lock = read(out, '.terraform.lock.hcl');
    expect(lock).toMatch(/provider "registry.terraform.io\/hashicorp\/vault" \{\n {2}version {5}= "5.6.0"\n {2}constraints = "5.6.0"\n {2}hashes = \[\n {4}"h1:[A-Za-z0-9+/]{43}=",\n {2}\]\n\}\n\nprovider "registry.terraform.io\/vmware\/vsphere" \{\n {2}version {5}= "2.15.0"/);
  });

  it('writes byte-identical bundles for the same tenant and mirror', () => {
    const mirror = tenantMirror();
    const a = fresh('bundle');
    const b = fresh('bundle');
    bundleTenant(config, TENANT, { outDir: a, providerMirror: mirror });
    const cwd = process.cwd();
    try {
      process.chdir(tmp);
      bundleTenant(loadConfig(CONFIG), TENANT, { outDir: b, providerMirror: mirror });
    } finally {
      process.chdir(cwd);
    }
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(Object.keys(snapshot(a))).toHaveLength(9); // openbao-audit.hcl included
  });

  it('refuses a tenant that synth refuses, with the same findings, and writes nothing', () => {
    const moved = bundledYaml(`tenants/${TENANT}.yaml`).replace('site: lu-enclave-1', 'site: research-de-1').replace('rhel9-hardened', 'rhel9-cis');
    const dir = configWith({ tenants: { [`${TENANT}.yaml`]: moved } });
    const out = fresh('bundle');
    expect(() => bundleTenant(loadConfig(dir), TENANT, { outDir: out })).toThrow(TenantsRefused);
    try {
      bundleTenant(loadConfig(dir), TENANT, { outDir: out });
    } catch (e) {
      expect((e as TenantsRefused).findings.map((f) => f.ruleId)).toContain('RES-11');
    }
    expect(siblings(out)).toEqual([]);
  });

  it('refuses an unknown tenant, naming the tenants there are', () => {
    expect(() => bundleTenant(config, 'nobody', { outDir: fresh('bundle') })).toThrow(/no tenant named "nobody"\. Fix: use one of: dsp-ng, dsp-ng-recovery, enclave-analytics/);
  });

  it('refuses a mirror that lacks a pinned provider version, naming it and how to fill the mirror, and writes nothing', () => {
    const mirror = tenantMirror();
    fs.rmSync(path.join(mirror, 'registry.terraform.io/hashicorp/vault'), { recursive: true });
    const out = fresh('bundle');
    expect(() => bundleTenant(config, TENANT, { outDir: out, providerMirror: mirror })).toThrow(InputError);
    expect(() => bundleTenant(config, TENANT, { outDir: out, providerMirror: mirror })).toThrow(
      /registry.terraform.io\/hashicorp\/vault 5.6.0: the mirror has no package of provider vault version 5.6.0 .*Fix: on a connected machine, run terraform providers mirror -platform=linux_amd64/,
    );
    expect(siblings(out)).toEqual([]);
  });

  it('refuses a mirror folder that does not exist, and an output folder that is not empty', () => {
    expect(() => bundleTenant(config, TENANT, { outDir: fresh('bundle'), providerMirror: fresh('missing') })).toThrow(/--provider-mirror: is not a folder/);
    const used = fresh('used');
    fs.mkdirSync(used);
    fs.writeFileSync(path.join(used, 'keep.txt'), 'mine');
    expect(() => bundleTenant(config, TENANT, { outDir: used })).toThrow(/--out: exists and is not an empty folder/);
    expect(fs.readdirSync(used)).toEqual(['keep.txt']);
  });

  it('writes into an output folder that exists but is empty', () => {
    const empty = fresh('empty');
    fs.mkdirSync(empty);
    bundleTenant(config, TENANT, { outDir: empty });
    expect(fs.existsSync(path.join(empty, 'MANIFEST.sha256'))).toBe(true);
  });
});

describe('writeBundle', () => {
  it('refuses a stack whose provider is not pinned to one version, and writes nothing', () => {
    const out = fresh('bundle');
    expect(() => writeBundle({ name: 'loose', json: stackRequiring('aws', 'hashicorp/aws', '~> 5.0') }, { outDir: out, providerMirror: PACKED_MIRROR })).toThrow(BundleRefused);
    expect(siblings(out)).toEqual([]);
  });

  it('carries a packed package as it is and locks both its content (h1) and archive (zh) checksums', () => {
    const out = fresh('bundle');
    const result = writeBundle({ name: 'fake', json: stackRequiring('fake', 'example/fake', '1.0.0') }, { outDir: out, providerMirror: PACKED_MIRROR });
    expect(result.packages.map((p) => [p.platform, p.layout])).toEqual([['linux_amd64', 'packed']]);
    const copy = path.join(out, 'providers/registry.terraform.io/example/fake/terraform-provider-fake_1.0.0_linux_amd64.zip');
    expect(sha256(copy)).toBe(sha256(PACKED_ZIP));
    expect(read(out, '.terraform.lock.hcl')).toContain(`    "zh:${sha256(PACKED_ZIP)}",\n  ]`);
  });

  withTerraform('locks every platform in the mirror with the checksums terraform providers lock records for them', () => {
    const mirror = unpackedFakeMirror(fresh('mirror'), ['darwin_arm64', 'linux_amd64']);
    const json = stackRequiring('fake', 'example/fake', '1.0.0');
    const out = fresh('bundle');
    writeBundle({ name: 'fake', json }, { outDir: out, providerMirror: mirror });
    expect(read(out, '.terraform.lock.hcl')).toBe(terraformLockFile(tmp, json, mirror, ['darwin_arm64', 'linux_amd64']));
  }, 120_000);

  withTerraform('makes a bundle of a packed package that terraform init installs offline, leaving the lock file as it was', () => {
    const out = fresh('bundle');
    writeBundle({ name: 'fake', json: stackRequiring('fake', 'example/fake', '1.0.0') }, { outDir: out, providerMirror: PACKED_MIRROR });
    const lock = read(out, '.terraform.lock.hcl');
    const init = terraform(out, ['init', '-input=false'], { TF_CLI_CONFIG_FILE: path.join(out, 'terraform.rc') });
    expect(init.output).toContain('- Installed example/fake v1.0.0 (unauthenticated)');
    expect(init.output).toContain('Terraform has been successfully initialized!');
    expect(init.status).toBe(0);
    expect(read(out, '.terraform.lock.hcl')).toBe(lock);
  }, 120_000);
});
