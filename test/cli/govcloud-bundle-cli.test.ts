import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, ROOT, govcloudInProcess } from './run-govcloud';
import { bundledYaml, configWith } from '../fixtures/config-files';

/**
 * `govcloud bundle` as operators run it: the built program, in this process (nothing here needs a process of its
 * own: the exit codes and the start-up of the built CLI are tested in govcloud-cli.test.ts).
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-bundle-cli-'));

beforeAll(() => {
  if (!fs.existsSync(CLI)) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
}, 180_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const govcloud = (...args: string[]) => govcloudInProcess(args);

let n = 0;
const fresh = (name: string) => path.join(tmp, `${name}-${++n}`);

describe('govcloud bundle', () => {
  it('bundles the air-gapped example tenant and says which providers it does not carry', async () => {
    const out = fresh('bundle');
    const run = await govcloud('bundle', 'enclave-analytics', '--out', out);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`bundled enclave-analytics into ${out} (6 files, listed in MANIFEST.sha256)`);
    expect(run.stdout).toContain('registry.terraform.io/vmware/vsphere 2.15.0: not carried');
    expect(run.stderr).toMatch(/^warning STA-01 \(config\/sites\.yaml:\d+: sites\[2\]\.stateBackend; 2 stacks: enclave-analytics, site-lu-enclave-1\): /m);
    expect(run.stderr).toContain('carries no package of some providers; terraform init inside the enclave will fail');
    expect(fs.readdirSync(out).sort()).toEqual(['MANIFEST.sha256', 'VERIFY.md', 'cdk.tf.json', 'openbao-audit.hcl', 'providers', 'terraform.rc']);
  });

  it('carries the providers of a mirror folder and names the platforms it carries', async () => {
    const mirror = fresh('mirror');
    for (const rel of ['registry.terraform.io/vmware/vsphere/2.15.0/linux_amd64/terraform-provider-vsphere_v2.15.0', 'registry.terraform.io/hashicorp/vault/5.6.0/linux_amd64/terraform-provider-vault_v5.6.0']) {
      fs.mkdirSync(path.dirname(path.join(mirror, rel)), { recursive: true });
      fs.writeFileSync(path.join(mirror, rel), 'stand-in\n');
    }
    const out = fresh('bundle');
    const run = await govcloud('bundle', 'enclave-analytics', '--out', out, '--provider-mirror', mirror);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('registry.terraform.io/hashicorp/vault 5.6.0: linux_amd64 unpacked');
    expect(fs.existsSync(path.join(out, '.terraform.lock.hcl'))).toBe(true);
  });

  it.each([
    ['an unknown tenant', ['bundle', 'nobody', '--out', 'OUT'], 'no tenant named "nobody"'],
    ['a mirror folder that does not exist', ['bundle', 'enclave-analytics', '--out', 'OUT', '--provider-mirror', path.join(tmp, 'no-such-mirror')], '--provider-mirror: is not a folder'],
  ])('exits 2 on %s, says why, and writes nothing', async (_what, args, message) => {
    const out = fresh('bundle');
    const run = await govcloud(...args.map((a) => (a === 'OUT' ? out : a)));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('nothing was written.');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exits 2 when --out is missing or names a folder with files in it', async () => {
    expect((await govcloud('bundle', 'enclave-analytics')).status).toBe(2);
    const used = fresh('used');
    fs.mkdirSync(used);
    fs.writeFileSync(path.join(used, 'notes.txt'), 'mine');
    const run = await govcloud('bundle', 'enclave-analytics', '--out', used);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--out: exists and is not an empty folder');
    expect(fs.readdirSync(used)).toEqual(['notes.txt']);
  });

  it('exits 1 on a tenant synth refuses, with the same report, and writes nothing', async () => {
    const moved = bundledYaml('tenants/enclave-analytics.yaml').replace('site: lu-enclave-1', 'site: research-de-1').replace('rhel9-hardened', 'rhel9-cis');
    const config = configWith({ tenants: { 'enclave-analytics.yaml': moved } });
    const out = fresh('bundle');
    const run = await govcloud('bundle', 'enclave-analytics', '--out', out, '--config', config);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^govcloud bundle: 1 tenant refused with \d+ violations; nothing was written\./);
    expect(run.stderr).toContain('error RES-01 tenant enclave-analytics');
    expect(fs.existsSync(out)).toBe(false);
  });
});
