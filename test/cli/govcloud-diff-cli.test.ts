import { execFileSync, execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, GIT_ENV, ROOT, govcloudInProcess } from './run-govcloud';
import { bundledYaml, changeConfig, configWith } from '../fixtures/config-files';
import { sharedExampleOutput } from '../fixtures/shared-example-output';

/** `govcloud diff` as a reviewer and CI run it (the command, in this process), in a git repository of its own. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-diff-cli-'));
const REPO = path.join(tmp, 'repo');

const govcloud = (cwd: string, ...args: string[]) => govcloudInProcess(args, { cwd });
const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO, env: GIT_ENV, encoding: 'utf8' });

beforeAll(async () => {
  if (!fs.existsSync(CLI)) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  // A repository whose last commit moves the internal ministry tenant from the colocation site to GovCloud.
  fs.mkdirSync(REPO);
  const config = configWith({}, path.join(REPO, 'config'));
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'tenants');
  changeConfig(config, { tenants: { 'mfin-internal.yaml': bundledYaml('tenants/mfin-internal.yaml').replace('site: lu-colo-1', 'site: ctie-govcloud-1') } });
  git('commit', '-qam', 'move mfin-internal to GovCloud');
}, 180_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('govcloud diff --git', () => {
  it('prints a tenant moved to another site by the last commit under residency, and leaves nothing behind', async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('govcloud-diff-')).length;
    const run = await govcloud(REPO, 'diff', '--git', 'HEAD~1');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/mfin-internal: changed \[residency/);
    expect(run.stdout).toContain('site lu-colo-1 (LU) -> ctie-govcloud-1 (LU)');
    expect(run.stdout).toMatch(/residency: datacenter "COLO-BISSEN-1" \(site lu-colo-1, LU\) -> "GOVCLOUD-LU-1"/);
    expect(run.stdout).not.toMatch(/^dsp-ng:/m);
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('govcloud-diff-')).length).toBe(before);
    expect(git('status', '--porcelain')).toBe('');
  });

  it('exits 1 with --fail-on residency, saying which label failed, and 0 when the revision is the working tree', async () => {
    const failed = await govcloud(REPO, 'diff', '--git', 'HEAD~1', '--fail-on', 'residency,security');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^govcloud diff: exit 1: changes carry residency \(\d+ changes?\), security \(2 changes\) \(--fail-on residency,security\)$/m);
    const clean = await govcloud(REPO, 'diff', '--git', 'HEAD', '--fail-on', 'residency');
    expect(clean.status).toBe(0);
    expect(clean.stderr).toBe('');
  });

  it('writes a merge-request comment with a summary table, a section per tenant and a Mermaid diagram', async () => {
    const run = await govcloud(REPO, 'diff', '--git', 'HEAD~1', '--format', 'markdown');
    expect(run.stdout).toContain('| 🔴 residency, 🟣 security, 🟠 destructive | mfin-internal | changed |');
    // Risk first; blocks by construct path, the Terraform address on hover.
    expect(run.stdout).toMatch(/^\| 🔴 residency \| changed \| <span title="data\.vsphere_datacenter\.tenant_site_datacenter_[0-9A-F]{8}">`tenant\/site\/datacenter`<\/span> \| `name` \| `COLO-BISSEN-1` \| `GOVCLOUD-LU-1` \|/m);
    expect(run.stdout).toContain('<details>');
    expect(run.stdout).toContain('```mermaid');
    expect(run.stdout).toContain('after_dc["GOVCLOUD-LU-1 @ ctie-govcloud-1 (LU)"]');
    expect(run.stdout).toContain('before_dc["COLO-BISSEN-1 @ lu-colo-1 (LU)"]');
  });

  it('exits 2 on a revision git does not know, or on bad arguments', async () => {
    const unknown = await govcloud(REPO, 'diff', '--git', 'no-such-ref');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown git revision "no-such-ref"');
    // An argument is not config, and a read-only command has nothing to not write.
    expect(unknown.stderr).toMatch(/^govcloud diff: invalid arguments \(1 problem\)/);
    expect(unknown.stderr).not.toMatch(/invalid config|nothing was written/);
    const one = await govcloud(REPO, 'diff', 'only-one-folder');
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/^govcloud diff: invalid arguments/);
    expect((await govcloud(REPO, 'diff', '--git', 'HEAD', '--fail-on', 'everything')).status).toBe(2);
  });
});

describe('govcloud diff BASE HEAD', () => {
  it('shows no change between two synths of the same config (this one, and the one the run shares)', async () => {
    const a = path.join(tmp, 'a');
    const b = sharedExampleOutput();
    expect((await govcloud(ROOT, 'synth', '--out', a)).status).toBe(0);
    const run = await govcloud(ROOT, 'diff', a, b, '--format', 'json');
    expect(run.status).toBe(0);
    const diff = JSON.parse(run.stdout) as { tenants: { status: string }[]; summary: Record<string, number> };
    // Five tenants, the recovery stack of dsp-ng and five site stacks (diff compares every stack of the folders).
    expect(diff.tenants.map((t) => t.status)).toEqual(Array(11).fill('unchanged'));
    expect(Object.values(diff.summary).every((n) => n === 0)).toBe(true);
  });
});
