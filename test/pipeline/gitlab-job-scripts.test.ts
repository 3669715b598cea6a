import { execSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { loadConfig } from '../../loader/load-config';
import { affectedTenants } from '../../pipeline/affected-tenants';
import { gitlabPipeline } from '../../pipeline/gitlab-pipeline';
import { resolveJob } from './gitlab-keywords';
import { configWith } from '../fixtures/config-files';
import { sitePlanFile } from '../fixtures/plans/site-plan';
import { ServedGovcloud, servedNodeScript } from '../cli/served-govcloud';

/**
 * The generated jobs' scripts, run as a GitLab runner runs them with a bash shell: the lines of `script` in one
 * shell under `set -eo pipefail`, then `after_script` in another. The built CLI is real; terraform and curl are
 * stand-ins that return a recorded plan and log what they were asked.
 *
 * The jobs' `node dist/cli/govcloud.js ...` lines run the built program in one serving process (a `node` first on
 * the job's PATH hands them to it, with the job's folder and environment, and passes their output and exit code
 * back: served-govcloud.ts), without a Node start and a module load each; the tests marked `realNode` run every
 * line with Node.js itself, as a runner does.
 */
const ROOT = path.resolve(__dirname, '../..');
const PLANS = {
  clean: path.join(ROOT, 'test/fixtures/plans/dsp-ng-vsphere-vault.plan.json'),
  refused: path.join(ROOT, 'test/fixtures/review/dsp-ng-firmware-key-delete.plan.json'),
};
const pipeline = parse(gitlabPipeline(affectedTenants(loadConfig('config')))) as Record<string, unknown>;
let work: string;
let log: string;

const FAKE_TERRAFORM = `#!/bin/sh
echo "terraform $*" >> "$FAKE_LOG"
case "$1" in
  init) exit "\${FAKE_INIT_EXIT:-0}" ;;
  plan) for a in "$@"; do case "$a" in -out=*) : > "\${a#-out=}" ;; esac; done; exit 0 ;;
  show) cat "$FAKE_PLAN" ;;
  apply) exit 0 ;;
  *) exit 1 ;;
esac
`;
const FAKE_CURL = `#!/bin/sh
echo "curl $*" >> "$FAKE_LOG"
for a in "$@"; do case "$a" in body@*) cp "\${a#body@}" "$FAKE_NOTE" ;; esac; done
`;

const served = new ServedGovcloud();
const sockets = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-served-'));
const SOCKET = path.join(sockets, 'govcloud.sock');

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist/cli/govcloud.js'))) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  await served.listen(SOCKET);
}, 180_000);
afterAll(async () => {
  await served.close();
  fs.rmSync(sockets, { recursive: true, force: true });
});

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-job-'));
  fs.symlinkSync(path.join(ROOT, 'dist'), path.join(work, 'dist'));
  configWith({}, path.join(work, 'config'));
  fs.mkdirSync(path.join(work, '.bin'));
  fs.writeFileSync(path.join(work, '.bin/terraform'), FAKE_TERRAFORM, { mode: 0o755 });
  fs.writeFileSync(path.join(work, '.bin/curl'), FAKE_CURL, { mode: 0o755 });
  fs.mkdirSync(path.join(work, '.served'));
  fs.writeFileSync(path.join(work, '.served/node'), servedNodeScript(SOCKET), { mode: 0o755 });
  log = path.join(work, '.log');
  fs.writeFileSync(log, '');
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * Runs `script` then `after_script` of a job, without the lines `drop` matches; returns the script's exit code and
 * output. Its `node dist/cli/govcloud.js` lines run in the serving process, or with `realNode`, each in a Node.js
 * process of its own.
 */
function runJob(name: string, env: Record<string, string>, drop: (line: string) => boolean = () => false, { realNode = false } = {}): { status: number | null; output: string } {
  const job = resolveJob(pipeline, name);
  const variables = { ...(pipeline.variables as Record<string, string>), ...(job.variables as Record<string, string>) };
  const fullEnv = {
    ...process.env,
    ...variables,
    PATH: `${path.join(work, '.bin')}:${realNode ? '' : `${path.join(work, '.served')}:`}${process.env.PATH}`,
    FAKE_LOG: log,
    FAKE_NOTE: path.join(work, '.note.md'),
    FAKE_PLAN: PLANS.clean,
    ...env,
  };
  delete (fullEnv as Record<string, string | undefined>).GOVCLOUD_TERRAFORM;
  // --norc, and no socket for standard input: bash sources ~/.bashrc when its input is a socket (it takes itself
  // for a shell of rshd's) and SHLVL says it is a top-level shell, and this machine's ~/.bashrc runs pyenv, whose
  // rehash waits for any other running one; it once made this file take 38 s instead of 8.
  const shell = (lines: string[]) =>
    spawnSync('bash', ['--norc', '--noprofile', '-c', ['set -eo pipefail', ...lines].join('\n')], { cwd: work, env: fullEnv, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const r = shell((job.script as string[]).filter((l) => !drop(l)));
  shell((job.after_script as string[]) ?? []);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const inWork = (rel: string) => path.join(work, rel);

/** What plan:dsp-ng publishes, outside a merge request: copied back by the apply tests. */
const PUBLISHED = ['cdktf.out', 'govcloud-pipeline'];
let planned: { dir: string; status: number | null; calls: string } | undefined;
afterAll(() => planned && fs.rmSync(planned.dir, { recursive: true, force: true }));

/**
 * plan:dsp-ng outside a merge request, run once in this file: its exit code, what terraform and curl were asked,
 * and a copy of what it published (relative paths only, so a copy is the same as what the job left).
 */
function planJobOutsideMergeRequest(): { dir: string; status: number | null; calls: string } {
  if (!planned) {
    const { status } = runJob('plan:dsp-ng', {});
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-planned-'));
    for (const d of PUBLISHED) if (fs.existsSync(inWork(d))) fs.cpSync(inWork(d), path.join(dir, d), { recursive: true });
    planned = { dir, status, calls: fs.readFileSync(log, 'utf8') };
  }
  return planned;
}

const MR = { CI_MERGE_REQUEST_IID: '7', CI_API_V4_URL: 'https://gitlab.example/api/v4', CI_PROJECT_ID: '42', GOVCLOUD_MR_NOTE_TOKEN: 'test-token' };

describe('the plan job of a tenant', () => {
  it('writes the check report and the review, posts the review as a merge-request note, and removes the saved plan', () => {
    const run = runJob('plan:dsp-ng', MR);
    expect(run.status).toBe(0);
    for (const f of ['check.junit.xml', 'review.md', 'review.json']) expect(fs.existsSync(inWork(`govcloud-pipeline/dsp-ng/${f}`))).toBe(true);
    const calls = fs.readFileSync(log, 'utf8');
    expect(calls).toContain('terraform plan -input=false -out=tenant.tfplan');
    expect(calls).toMatch(/curl .*--header PRIVATE-TOKEN: test-token .*https:\/\/gitlab\.example\/api\/v4\/projects\/42\/merge_requests\/7\/notes/);
    expect(fs.readFileSync(inWork('.note.md'), 'utf8')).toBe(fs.readFileSync(inWork('govcloud-pipeline/dsp-ng/review.md'), 'utf8'));
    expect(fs.readFileSync(inWork('.note.md'), 'utf8')).toContain('### dsp-ng');
    expect(fs.existsSync(inWork('cdktf.out/stacks/dsp-ng/tenant.tfplan'))).toBe(false);
    expect(fs.existsSync(inWork('cdktf.out/stacks/dsp-ng/tenant.plan.json'))).toBe(false);
  });

  it('posts nothing outside a merge request', () => {
    const run = planJobOutsideMergeRequest();
    expect(run.status).toBe(0);
    expect(run.calls).toContain('terraform plan');
    expect(run.calls).not.toContain('curl');
    expect(fs.existsSync(path.join(run.dir, 'govcloud-pipeline/dsp-ng/review.md'))).toBe(true);
  });

  it('fails when the plan breaks a rule, after posting the review that says why', () => {
    const run = runJob('plan:dsp-ng', { ...MR, FAKE_PLAN: PLANS.refused });
    expect(run.status).toBe(1);
    expect(fs.readFileSync(inWork('.note.md'), 'utf8')).toMatch(/error/i);
  });

  it('fails with govcloud plan\'s exit code 4 (Terraform failed) when terraform init fails, and posts no review', () => {
    const run = runJob('plan:dsp-ng', { ...MR, FAKE_INIT_EXIT: '3' }, undefined, { realNode: true });
    expect(run.status).toBe(4);
    expect(fs.readFileSync(log, 'utf8')).not.toContain('curl');
    expect(fs.existsSync(inWork('govcloud-pipeline/dsp-ng/check.junit.xml'))).toBe(true);
  });
});

describe('the jobs of a site stack', () => {
  it("synthesize the site's tenants, which writes the site stack, then check, plan and review it in its own folder", () => {
    const plan = sitePlanFile('ctie-govcloud-1', work);
    const run = runJob('plan:site-ctie-govcloud-1', { FAKE_PLAN: plan });
    expect(run.output).not.toMatch(/^error /m);
    expect(run.output).toContain('site-ctie-govcloud-1  plan cdktf.out/stacks/site-ctie-govcloud-1/tenant.plan.json');
    expect(run.status).toBe(0);
    expect(fs.existsSync(inWork('cdktf.out/stacks/site-ctie-govcloud-1/cdk.tf.json'))).toBe(true);
    for (const f of ['check.junit.xml', 'review.md', 'review.json']) expect(fs.existsSync(inWork(`govcloud-pipeline/site-ctie-govcloud-1/${f}`))).toBe(true);
    expect(fs.readFileSync(inWork('govcloud-pipeline/site-ctie-govcloud-1/review.md'), 'utf8')).toContain('site-ctie-govcloud-1');
    expect(fs.readFileSync(log, 'utf8')).toContain('terraform plan -input=false -out=tenant.tfplan');
    fs.writeFileSync(log, '');
    const apply = runJob('apply:site-ctie-govcloud-1', { FAKE_PLAN: plan }, (line) => line.startsWith('node -e'));
    expect(apply.status).toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toContain('terraform apply -input=false tenant.tfplan');
  });
});

describe('the apply job of a tenant', () => {
  const isGuard = (line: string) => line.startsWith('node -e');

  /** The work folder as plan:dsp-ng leaves it outside a merge request: what an apply job finds. */
  function afterPlanJob(): void {
    const { dir, status } = planJobOutsideMergeRequest();
    expect(status).toBe(0);
    for (const d of PUBLISHED) fs.rmSync(inWork(d), { recursive: true, force: true });
    for (const d of PUBLISHED) fs.cpSync(path.join(dir, d), inWork(d), { recursive: true });
    fs.writeFileSync(log, '');
  }

  it('refuses a tenant whose state is a local file, before running terraform', () => {
    const run = runJob('apply:dsp-ng', {}, undefined, { realNode: true });
    expect(run.status).toBe(1);
    expect(run.output).toContain('dsp-ng keeps its state in a local file');
    expect(fs.readFileSync(log, 'utf8')).toBe('');
  });

  it('applies the new plan when its review is the one the plan job published', () => {
    afterPlanJob();
    const run = runJob('apply:dsp-ng', {}, isGuard);
    expect(run.status).toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toContain('terraform apply -input=false tenant.tfplan');
  });

  it('refuses, and applies nothing, when the new plan differs from the reviewed one', () => {
    afterPlanJob();
    // The same plan with one change fewer: it breaks no rule, but it is not what was reviewed.
    const plan = JSON.parse(fs.readFileSync(PLANS.clean, 'utf8')) as { resource_changes: unknown[] };
    plan.resource_changes.pop();
    fs.writeFileSync(inWork('.other.plan.json'), JSON.stringify(plan));
    const run = runJob('apply:dsp-ng', { FAKE_PLAN: inWork('.other.plan.json') }, isGuard);
    expect(run.status).toBe(1);
    expect(run.output).toContain('The plan of dsp-ng is not the one plan:dsp-ng reviewed');
    expect(run.output).toMatch(/^-\s+"create": 14,$/m);
    expect(fs.readFileSync(log, 'utf8')).not.toContain('terraform apply');
  });

  it('refuses, and applies nothing, when the new plan breaks a rule', () => {
    afterPlanJob();
    const run = runJob('apply:dsp-ng', { FAKE_PLAN: PLANS.refused }, isGuard);
    expect(run.status).toBe(1);
    expect(run.output).toContain('error ENC-03 tenant dsp-ng');
    expect(fs.readFileSync(log, 'utf8')).not.toContain('terraform apply');
  });
});
