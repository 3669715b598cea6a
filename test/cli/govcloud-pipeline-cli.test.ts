import { execFileSync, execSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, GIT_ENV, ROOT, govcloudInProcess } from './run-govcloud';
import { parse } from 'yaml';
import { bundledYaml, changeConfig, configWith, tenantYaml } from '../fixtures/config-files';

/** `govcloud pipeline` as a generate job runs it (the command, in this process), in a git repository of its own. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-pipeline-cli-'));
const REPO = path.join(tmp, 'repo');

const govcloud = (cwd: string, ...args: string[]) => govcloudInProcess(args, { cwd });
const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO, env: GIT_ENV, encoding: 'utf8' });
const file = (rel: string) => path.join(REPO, rel);
/** Writes the bundled tenant file `name`, with `from` replaced by `to`, into the repository's working tree. */
const editTenant = (name: string, from: string, to: string) =>
  changeConfig(file('config'), { tenants: { [`${name}.yaml`]: bundledYaml(`tenants/${name}.yaml`).replace(from, to) } });

/** The jobs GitLab would run (hidden template jobs start with a dot). */
async function jobsSince(ref: string): Promise<string[]> {
  const run = await govcloud(REPO, 'pipeline', '--ci', 'gitlab', '--changed-since', ref);
  expect(run.stderr).not.toContain('error');
  expect(run.status).toBe(0);
  const pipeline = parse(run.stdout) as Record<string, unknown>;
  return Object.keys(pipeline).filter((k) => !k.startsWith('.') && !['workflow', 'stages', 'variables'].includes(k)).sort();
}
const planned = (...tenants: string[]) => tenants.flatMap((t) => [`apply:${t}`, `plan:${t}`]).sort();

beforeAll(async () => {
  if (!fs.existsSync(CLI)) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  // History: a commit without config, the example config plus a second tenant on GovCloud, then a change to one tenant.
  fs.mkdirSync(REPO);
  git('init', '-q');
  fs.writeFileSync(file('README.md'), 'tenants\n');
  fs.writeFileSync(file('package-lock.json'), '{}\n');
  git('add', '.');
  git('commit', '-qm', 'empty');
  const staging = tenantYaml({ name: 'dsp-ng-staging', classification: 'health', site: 'ctie-govcloud-1', network: { vlan: 211, cidr: '10.21.1.0/24' } });
  configWith({ tenants: { 'dsp-ng-staging.yaml': staging } }, file('config'));
  git('add', '.');
  git('commit', '-qm', 'tenants');
  editTenant('mfin-internal', 'cpus: 2', 'cpus: 4');
  git('commit', '-qam', 'mfin-internal: more CPUs');
}, 180_000);
afterEach(() => {
  git('checkout', '-q', 'HEAD', '--', '.');
  git('clean', '-qfd');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('govcloud pipeline --changed-since', () => {
  it('plans only the tenant whose file a commit changed', async () => {
    expect(await jobsSince('HEAD~1')).toEqual(planned('mfin-internal'));
  });

  it('plans a tenant changed in the working tree, and a new tenant, and nothing else', async () => {
    editTenant('lih-research', 'memoryMb: 32768', 'memoryMb: 65536');
    changeConfig(file('config'), { tenants: { 'mfin-archive.yaml': tenantYaml({ name: 'mfin-archive' }) } });
    expect(await jobsSince('HEAD')).toEqual(planned('lih-research', 'mfin-archive'));
  });

  it('plans every tenant on a site whose entry changed, and none elsewhere', async () => {
    changeConfig(file('config'), { sites: bundledYaml('sites.yaml').replace('datastore: gc-lu1-vsan', 'datastore: gc-lu1-vsan-2') });
    expect(await jobsSince('HEAD')).toEqual(planned('dsp-ng', 'dsp-ng-recovery', 'dsp-ng-staging', 'igss-analytics'));
  });

  it('writes the no-op pipeline when nothing changed', async () => {
    expect(await jobsSince('HEAD')).toEqual(['no-tenant-affected']);
    fs.writeFileSync(file('README.md'), 'tenants, and a longer README\n');
    expect(await jobsSince('HEAD')).toEqual(['no-tenant-affected']);
  });

  it("notes a removed tenant in a job of its own and plans nothing for it, but its site's stack, which loses its device", async () => {
    changeConfig(file('config'), { remove: ['dsp-ng-staging.yaml'] });
    expect(await jobsSince('HEAD')).toEqual(['removed:dsp-ng-staging', ...planned('site-ctie-govcloud-1')].sort());
  });

  it("plans the stack of a site that gains a tenant with a device of its own, and applies it before that tenant", async () => {
    const staging2 = tenantYaml({ name: 'dsp-ng-staging-2', classification: 'health', site: 'ctie-govcloud-1', network: { vlan: 212, cidr: '10.21.2.0/24' } });
    changeConfig(file('config'), { tenants: { 'dsp-ng-staging-2.yaml': staging2 } });
    expect(await jobsSince('HEAD')).toEqual(planned('dsp-ng-staging-2', 'site-ctie-govcloud-1'));
    const pipeline = parse((await govcloud(REPO, 'pipeline', '--ci', 'gitlab', '--changed-since', 'HEAD')).stdout) as Record<string, Record<string, unknown>>;
    expect(pipeline['apply:dsp-ng-staging-2'].needs).toEqual(['plan:dsp-ng-staging-2', 'apply:site-ctie-govcloud-1']);
    expect(pipeline['plan:site-ctie-govcloud-1'].variables).toEqual({ GOVCLOUD_TENANT: 'site-ctie-govcloud-1', GOVCLOUD_SYNTH_TENANTS: 'dsp-ng dsp-ng-staging dsp-ng-staging-2 igss-analytics' });
  });

  it('plans every tenant and site stack when the toolkit changed, or when the revision had no config', async () => {
    fs.writeFileSync(file('package-lock.json'), '{ "lockfileVersion": 3 }\n');
    const sites = ['site-ctie-govcloud-1', 'site-ctie-govcloud-2', 'site-lu-colo-1', 'site-lu-enclave-1', 'site-research-de-1'];
    const all = planned('dsp-ng', 'dsp-ng-recovery', 'dsp-ng-staging', 'enclave-analytics', 'igss-analytics', 'lih-research', 'mfin-internal', ...sites);
    expect(await jobsSince('HEAD')).toEqual(all);
    git('checkout', '-q', 'HEAD', '--', 'package-lock.json');
    expect(await jobsSince('HEAD~2')).toEqual(all);
  });

  it('says which tenants it plans on standard error, and writes the same bytes to --output', async () => {
    const out = path.join(tmp, 'govcloud-pipeline.yml');
    const run = await govcloud(REPO, 'pipeline', '--ci', 'gitlab', '--changed-since', 'HEAD~1', '--output', out);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`govcloud pipeline: 1 of 6 tenants to plan since HEAD~1 -> ${out}\n`);
    expect(fs.readFileSync(out, 'utf8')).toBe((await govcloud(REPO, 'pipeline', '--ci', 'gitlab', '--changed-since', 'HEAD~1')).stdout);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(git('status', '--porcelain')).toBe('');
  });
});

describe('govcloud pipeline on bad input', () => {
  it('exits 2 on a CI system other than GitLab, or without --ci', async () => {
    const github = await govcloud(REPO, 'pipeline', '--ci', 'github');
    expect(github.status).toBe(2);
    expect(github.stderr).toContain('--ci github: not supported; use --ci gitlab');
    expect(github.stdout).toBe('');
    expect((await govcloud(REPO, 'pipeline')).status).toBe(2);
  });

  it('exits 2 on a revision git does not know, or one git would read as an option', async () => {
    const unknown = await govcloud(REPO, 'pipeline', '--ci', 'gitlab', '--changed-since', 'no-such-ref');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown git revision "no-such-ref"');
    expect(unknown.stdout).toBe('');
    const option = await govcloud(REPO, 'pipeline', '--ci', 'gitlab', '--changed-since=--output=/tmp/x');
    expect(option.status).toBe(2);
    expect(option.stderr).toContain('"--output=/tmp/x" is not a git revision');
  });

  it('exits 2 with --changed-since outside a git repository', async () => {
    const outside = path.join(tmp, 'outside');
    configWith({}, path.join(outside, 'config'));
    const run = await govcloud(outside, 'pipeline', '--ci', 'gitlab', '--changed-since', 'HEAD');
    if (spawnSync('git', ['rev-parse'], { cwd: outside }).status === 0) return; // the temporary folder is itself in a repository
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('not in a git repository');
  });

  it('reports bad config as synth does, exit 2, and writes nothing', async () => {
    editTenant('dsp-ng', 'vlan: 210', 'vlan: 9999');
    const out = path.join(tmp, 'never.yml');
    const pipeline = await govcloud(REPO, 'pipeline', '--ci', 'gitlab', '--output', out);
    const synth = await govcloud(REPO, 'synth', '--out', path.join(tmp, 'never-out'));
    expect(pipeline.status).toBe(2);
    expect(synth.status).toBe(2);
    expect(pipeline.stderr.replace('govcloud pipeline', 'govcloud synth')).toBe(synth.stderr);
    expect(pipeline.stderr).toContain('network.vlan');
    expect(fs.existsSync(out)).toBe(false);
  });
});
