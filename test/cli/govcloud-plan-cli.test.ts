import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, ROOT, govcloudInProcess, runGovcloud } from './run-govcloud';
import { terraformTest } from '../terraform-binary';
import { sitePlanFile } from '../fixtures/plans/site-plan';
import { shellQuoted as quoted } from '../shell-quote';

/**
 * `govcloud review`, `plan` and `apply` as engineers run them: the built CLI in a subprocess where what terraform
 * prints is under test, in this process where only govcloud's own output and files are.
 */
const CLEAN_PLAN = path.join(ROOT, 'test', 'fixtures', 'plans', 'dsp-ng-vsphere-vault.plan.json');
const RISKY_PLAN = path.join(ROOT, 'test', 'fixtures', 'review', 'dsp-ng-firmware-key-delete.plan.json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-plan-cli-'));

const withTerraform = terraformTest('govcloud plan is not run against the real binary here');

/** In a subprocess: terraform inherits the CLI's own standard output and error, which only a process of its own shows. */
const govcloud = (env: NodeJS.ProcessEnv, ...args: string[]) => runGovcloud(args, { env });
/** In this process, where no terraform runs. */
const inProcess = (...args: string[]) => govcloudInProcess(args);
/**
 * In this process, with `env` added: what terraform prints is not captured here (it writes to this process's own
 * streams), so only a stand-in that prints nothing runs ({@link fakeTerraform}'s `quiet`).
 */
const inProcessWith = (env: NodeJS.ProcessEnv, ...args: string[]) => govcloudInProcess(args, { env });

/**
 * A stand-in for terraform, for the success path only (the real providers cannot be downloaded here): it
 * records its arguments, saves a plan file, prints `plan` as the saved plan's JSON, and marks an apply. A shell
 * script: govcloud runs it three to five times a command, and a Node script costs a Node start each time.
 */
function fakeTerraform(plan: string, { quiet = false } = {}): { env: NodeJS.ProcessEnv; log: string; applied: string } {
  const dir = fs.mkdtempSync(path.join(tmp, 'fake-'));
  const log = path.join(dir, 'calls.log');
  const applied = path.join(dir, 'applied');
  const script = path.join(dir, 'terraform');
  fs.writeFileSync(
    script,
    [
      '#!/bin/sh',
      `echo "$*" >> ${quoted(log)}`,
      '# FAIL',
      'cmd=$1; shift',
      'case "$cmd" in',
      `  plan) for a in "$@"; do case "$a" in -out=*) printf saved > "\${a#-out=}" ;; esac; done; ${quiet ? ':' : 'echo "Plan: 16 to add"'} ;;`,
      `  show) cat ${quoted(plan)} ;;`,
      `  apply) printf '%s' "$*" > ${quoted(applied)} ;;`,
      'esac',
      '',
    ].join('\n'),
  );
  fs.chmodSync(script, 0o755);
  return { env: { GOVCLOUD_TERRAFORM: script }, log, applied };
}

/** The fake terraform of {@link fakeTerraform}, failing with `Error: <step> failed here` and exit 1 at `step`. */
function failingTerraform(plan: string, step: string): { env: NodeJS.ProcessEnv } {
  const fake = fakeTerraform(plan);
  const script = fake.env.GOVCLOUD_TERRAFORM!;
  fs.writeFileSync(script, fs.readFileSync(script, 'utf8').replace('# FAIL', `if [ "$1" = ${step} ]; then echo "Error: ${step} failed here" >&2; exit 1; fi`));
  return fake;
}

beforeAll(() => {
  if (!fs.existsSync(CLI)) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
}, 180_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('govcloud review', () => {
  it('counts the changes, labels them and exits 1 on the policy errors of a risky plan', async () => {
    const run = await inProcess('review', RISKY_PLAN, '--tenant', 'dsp-ng');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('1 to update, 1 to delete');
    expect(run.stdout).toMatch(/delete vault_transit_secret_backend_key\.\S+ \[destructive\]/);
    expect(run.stdout).toContain('error ENC-03');
  });

  it('exits 0 on a clean plan, and 2 on an unknown --fail-on label', async () => {
    expect((await inProcess('review', CLEAN_PLAN, '--tenant', 'dsp-ng')).status).toBe(0);
    const md = await inProcess('review', CLEAN_PLAN, '--tenant', 'dsp-ng', '--format', 'markdown');
    expect(md.stdout).toContain('dsp-ng');
    expect((await inProcess('review', RISKY_PLAN, '--tenant', 'dsp-ng', '--fail-on', 'nonsense')).status).toBe(2);
  });

  it('never prints the placeholder vCenter password the plan holds', async () => {
    const secret = JSON.parse(fs.readFileSync(CLEAN_PLAN, 'utf8')).variables.vsphere_password.value as string;
    expect(secret.length).toBeGreaterThan(3);
    for (const format of ['text', 'markdown', 'json']) expect((await inProcess('review', CLEAN_PLAN, '--tenant', 'dsp-ng', '--format', format)).stdout).not.toContain(secret);
  });
});

describe('govcloud plan and apply', () => {
  withTerraform('exits 4 with terraform init\'s output and the way to fill the mirror when the mirror lacks the providers', () => {
    const cliConfig = path.join(tmp, 'mirror-only.tfrc');
    const mirror = fs.mkdtempSync(path.join(tmp, 'empty-mirror-'));
    fs.writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`);
    const out = path.join(tmp, 'real-out');
    const run = govcloud({ TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1' }, 'plan', 'dsp-ng', '--out', out);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('terraform init exited 1');
    expect(run.stdout + run.stderr).toMatch(/vmware\/vsphere/);
    expect(run.stderr).toContain('lacks a provider version the stack pins');
    expect(fs.existsSync(path.join(out, 'stacks', 'dsp-ng', 'cdk.tf.json'))).toBe(true);
  });

  withTerraform('exits 4, not 1, when the registry cannot be reached, and points at govcloud bundle', () => {
    const out = path.join(tmp, 'no-registry-out');
    // A proxy nobody listens on: the registry is unreachable here whatever this machine's network.
    const run = govcloud({ HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '', CHECKPOINT_DISABLE: '1', NO_COLOR: '1' }, 'plan', 'dsp-ng', '--out', out);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('registry (registry.terraform.io) is not reachable from here');
    expect(run.stderr).toContain('govcloud bundle TENANT --out DIR --provider-mirror MIRROR');
    // NO_COLOR reaches Terraform as -no-color: its error box carries no escape codes.
    expect(run.stderr).toContain('Error: Failed to query available provider packages');
    expect(run.stderr).not.toContain('\u001b[');
  });

  /** The output folder as a clean plan of dsp-ng left it (the next test's), for the apply tests to start from. */
  let planned: string | undefined;
  function copyOfPlannedOutput(name: string): string {
    if (!planned) {
      planned = path.join(tmp, 'planned-out');
      expect(govcloud(fakeTerraform(CLEAN_PLAN).env, 'plan', 'dsp-ng', '--out', planned).status).toBe(0);
    }
    const out = path.join(tmp, name);
    fs.cpSync(planned, out, { recursive: true });
    return out;
  }

  it('plans through terraform, saves the plan and its JSON, prints the review, then applies only that saved plan', async () => {
    const fake = fakeTerraform(CLEAN_PLAN);
    const out = path.join(tmp, 'fake-out');
    const plan = govcloud(fake.env, 'plan', 'dsp-ng', '--out', out);
    expect(plan.status).toBe(0);
    planned ??= (() => {
      const copy = path.join(tmp, 'planned-out');
      fs.cpSync(out, copy, { recursive: true });
      return copy;
    })();
    expect(plan.stdout).toContain('Plan: 16 to add');
    expect(plan.stdout).toMatch(/dsp-ng\s+plan .*14 to create/);
    expect(fs.existsSync(path.join(out, 'stacks', 'dsp-ng', 'tenant.plan.json'))).toBe(true);
    const apply = await inProcessWith(fake.env, 'apply', 'dsp-ng', '--out', out);
    expect(apply.status).toBe(0);
    expect(fs.readFileSync(fake.applied, 'utf8')).toBe('-input=false tenant.tfplan');
    expect(fs.readFileSync(fake.log, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')[0])).toEqual(['init', 'plan', 'show', 'show', 'apply']);
  });

  it('with --reports, also writes the check and the review as files, byte for byte what check and review write for that stack and plan', async () => {
    const out = path.join(tmp, 'reports-out');
    const reports = path.join(tmp, 'reports');
    const plan = await inProcessWith(fakeTerraform(CLEAN_PLAN, { quiet: true }).env, 'plan', 'dsp-ng', '--out', out, '--reports', reports);
    expect(plan.status).toBe(0);
    expect(fs.readdirSync(reports).sort()).toEqual(['check.junit.xml', 'review.json', 'review.md']);
    const stack = path.join(out, 'stacks', 'dsp-ng');
    const expected = path.join(tmp, 'reports-expected');
    expect((await inProcess('check', path.join(stack, 'cdk.tf.json'), '--format', 'junit', '--output', path.join(expected, 'check.junit.xml'))).status).toBe(0);
    for (const [format, file] of [['markdown', 'review.md'], ['json', 'review.json']]) {
      expect((await inProcess('review', path.join(stack, 'tenant.plan.json'), '--format', format, '--output', path.join(expected, file))).status).toBe(0);
    }
    for (const file of fs.readdirSync(expected)) expect(fs.readFileSync(path.join(reports, file), 'utf8')).toBe(fs.readFileSync(path.join(expected, file), 'utf8'));
    expect(fs.readFileSync(path.join(reports, 'review.md'), 'utf8')).toContain('### dsp-ng');
  });

  it('refuses (exit 2) --reports naming a file, before it synthesizes or runs terraform', async () => {
    const file = path.join(tmp, 'reports-file');
    fs.writeFileSync(file, 'mine');
    const out = path.join(tmp, 'reports-file-out');
    const run = await inProcess('plan', 'dsp-ng', '--out', out, '--reports', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--reports: exists and is not a folder');
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses to apply a saved plan whose review carries a --fail-on label, and applies nothing', async () => {
    const fake = fakeTerraform(RISKY_PLAN, { quiet: true });
    const out = path.join(tmp, 'risky-out');
    expect((await inProcessWith(fake.env, 'plan', 'dsp-ng', '--out', out)).status).toBe(1);
    const apply = await inProcessWith(fake.env, 'apply', 'dsp-ng', '--out', out, '--fail-on', 'destructive');
    expect(apply.status).toBe(1);
    expect(apply.stderr).toContain('Nothing was applied');
    expect(fs.existsSync(fake.applied)).toBe(false);
  });

  it("plans and applies a site's stack (site-<id>, its audit devices) like a tenant's, in its own stack folder", async () => {
    const fake = fakeTerraform(sitePlanFile('ctie-govcloud-1', tmp), { quiet: true });
    const out = path.join(tmp, 'site-out');
    const plan = await inProcessWith(fake.env, 'plan', 'site-ctie-govcloud-1', '--out', out);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    expect(plan.stdout).toMatch(/site-ctie-govcloud-1\s+plan .*4 to create/);
    expect(fs.existsSync(path.join(out, 'stacks', 'site-ctie-govcloud-1', 'tenant.plan.json'))).toBe(true);
    const apply = await inProcessWith(fake.env, 'apply', 'site-ctie-govcloud-1', '--out', out);
    expect(apply.status).toBe(0);
    expect(fs.readFileSync(fake.applied, 'utf8')).toBe('-input=false tenant.tfplan');
  });

  it('refuses (exit 2) a site stack of a site without tenants, or not in the catalogue', async () => {
    const unused = await inProcess('plan', 'site-university-lu-1', '--out', path.join(tmp, 'unused-site'));
    expect(unused.status).toBe(2);
    expect(unused.stderr).toContain('site university-lu-1 holds no tenant, so govcloud writes no stack for it');
    expect((await inProcess('plan', 'site-nowhere', '--out', path.join(tmp, 'no-site'))).status).toBe(2);
  });

  it.each(['init', 'plan', 'show'])('prints a failing terraform %s once, then one line of its own, and exits 4 (plan)', (step) => {
    const run = govcloud(failingTerraform(CLEAN_PLAN, step).env, 'plan', 'dsp-ng', '--out', path.join(tmp, `fail-plan-${step}`));
    expect(run.status).toBe(4);
    expect(run.stderr.split('\n').filter((l) => l.includes(`${step} failed here`))).toHaveLength(1);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('govcloud '))).toEqual([`govcloud plan: terraform ${step} exited 1`]);
  });

  it.each(['show', 'apply'])('prints a failing terraform %s once, then one line of its own, and exits 4 (apply)', (step) => {
    const out = copyOfPlannedOutput(`fail-apply-${step}`);
    const run = govcloud(failingTerraform(CLEAN_PLAN, step).env, 'apply', 'dsp-ng', '--out', out);
    expect(run.status).toBe(4);
    expect(run.stderr.split('\n').filter((l) => l.includes(`${step} failed here`))).toHaveLength(1);
    const own = run.stderr.split('\n').filter((l) => l.startsWith('govcloud '));
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(new RegExp(`^govcloud apply: terraform ${step} exited 1`));
    expect(own[0]).not.toContain('check or review');
  });

  it('says to run plan first when there is no saved plan', async () => {
    const run = await inProcess('apply', 'dsp-ng', '--out', path.join(tmp, 'never-planned'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('run govcloud plan dsp-ng first');
  });
});
