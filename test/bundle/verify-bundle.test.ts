import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleTenant, uncarriedProviders, verifyBundle } from '../../bundle';
import { loadConfig } from '../../loader/load-config';
import { InputError } from '../../loader/input-error';
import { govcloudInProcess } from '../cli/run-govcloud';
import { enclaveBundle, tamper } from './enclave-bundle';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-verify-bundle-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const bundle = () => enclaveBundle(tmp);

describe('verifyBundle (SUP-02)', () => {
  it('finds nothing wrong with a bundle govcloud bundle wrote', () => {
    expect(verifyBundle(bundle())).toEqual([]);
  });

  it('refuses a CLI config that can also install from the registry or a network mirror', () => {
    const dir = bundle();
    tamper(dir, 'terraform.rc', (t) => t.replace(/provider_installation \{/, 'provider_installation {\n  direct {}\n  network_mirror {\n    url = "https://mirror.example.com/"\n  }'));
    expect(verifyBundle(dir).map((p) => p.found)).toEqual([
      'provider_installation has a direct block: it installs from the registry, outside the bundle',
      'provider_installation has a network_mirror block: it installs from a network mirror, outside the bundle',
    ]);
  });

  it('refuses a filesystem mirror outside the bundle', () => {
    const dir = bundle();
    tamper(dir, 'terraform.rc', (t) => t.replace('path    = "providers"', 'path    = "/usr/share/terraform/plugins"'));
    expect(verifyBundle(dir).map((p) => p.found)).toEqual(['filesystem_mirror path "/usr/share/terraform/plugins" is outside the bundle']);
  });

  it('refuses a carried package whose checksum the lock file does not record', () => {
    const dir = bundle();
    tamper(dir, '.terraform.lock.hcl', (t) => t.replace(/"h1:[^"]+",\n(\s*\]\n\}\n*$)/, '$1'));
    const problems = verifyBundle(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: '.terraform.lock.hcl' });
    expect(problems[0].found).toMatch(/^no checksum h1:\S+ for registry\.terraform\.io\/vmware\/vsphere 2\.15\.0 linux_amd64/);
  });

  it('refuses a file changed, a file added and a file lost after the bundle was made', () => {
    const dir = bundle();
    fs.appendFileSync(path.join(dir, 'cdk.tf.json'), ' ');
    fs.writeFileSync(path.join(dir, 'providers', 'extra'), 'x');
    fs.rmSync(path.join(dir, 'VERIFY.md'));
    expect(verifyBundle(dir).map((p) => p.file).sort()).toEqual(['VERIFY.md', 'cdk.tf.json', 'providers/extra']);
  });

  it('refuses, as a distinct line per provider, a bundle intact but carrying no providers, on which terraform init would fail in the enclave', async () => {
    const dir = path.join(tmp, 'no-providers');
    bundleTenant(loadConfig(path.resolve('config')), 'enclave-analytics', { outDir: dir });
    expect(verifyBundle(dir)).toEqual([]);
    expect(uncarriedProviders(dir).map((p) => p.found)).toEqual([
      expect.stringMatching(/^no package of registry\.terraform\.io\/hashicorp\/vault 5\.6\.0 in providers\/: terraform init/),
      expect.stringMatching(/^no package of registry\.terraform\.io\/vmware\/vsphere 2\.15\.0 in providers\/: terraform init/),
    ]);
    const run = await govcloudInProcess(['verify-bundle', dir]);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('verified');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('error SUP-02'))).toHaveLength(2);
    expect(run.stderr).toContain('is intact (its files match MANIFEST.sha256) but carries 2 providers short; terraform init will fail in the enclave');
    expect(uncarriedProviders(bundle())).toEqual([]);
  });

  it('treats a folder that is not a bundle as bad input', () => {
    expect(() => verifyBundle(tmp)).toThrow(InputError);
  });

  it('is the exit code of govcloud verify-bundle: 0 verified, 1 with one error line per problem, 2 not a bundle', async () => {
    const good = bundle();
    const ok = await govcloudInProcess(['verify-bundle', good]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('verified');
    fs.appendFileSync(path.join(good, 'cdk.tf.json'), ' ');
    const bad = await govcloudInProcess(['verify-bundle', good]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^error SUP-02 .*cdk\.tf\.json: cdk\.tf\.json does not match its checksum/m);
    expect((await govcloudInProcess(['verify-bundle', tmp])).status).toBe(2);
  });
});
