import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../loader/load-config';
import { planTenant } from '../../plan/plan-tenant';
import { applySavedPlan, passes, PLAN_FILE, PLAN_JSON, reviewSavedPlan, stackFolder } from '../../plan/saved-plan';
import { TerraformFailed } from '../../plan/terraform-runner';

/** The saved plan library behind `govcloud plan` and `apply`, run against a stand-in for terraform. */
const CLEAN_PLAN = path.resolve('test/fixtures/plans/dsp-ng-vsphere-vault.plan.json');
const RISKY_PLAN = path.resolve('test/fixtures/review/dsp-ng-firmware-key-delete.plan.json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'saved-plan-'));
const log = path.join(tmp, 'calls.log');
const config = loadConfig('config');

// The stand-in reads what to do from the environment when it runs: FAKE_FAIL names a step that exits 1 (with
// FAKE_STDERR on standard error), FAKE_PLAN the JSON that `show` prints. A shell script, not a Node one: it runs
// several times a test.
const fake = path.join(tmp, 'terraform');
fs.writeFileSync(
  fake,
  [
    '#!/bin/sh',
    `echo "$*" >> '${log}'`,
    'if [ -n "$FAKE_FAIL" ] && [ "$FAKE_FAIL" = "$1" ]; then printf \'%s\' "$FAKE_STDERR" >&2; exit 1; fi',
    'case "$1" in',
    '  plan) for a in "$@"; do case "$a" in -out=*) printf saved > "${a#-out=}" ;; esac; done ;;',
    '  show) cat "$FAKE_PLAN" ;;',
    'esac',
    '',
  ].join('\n'),
);
fs.chmodSync(fake, 0o755);

const saved = { ...process.env };
beforeEach(() => {
  delete process.env.NO_COLOR; // which would add -no-color to the calls
  process.env.GOVCLOUD_TERRAFORM = fake;
  process.env.FAKE_PLAN = CLEAN_PLAN;
  fs.rmSync(log, { force: true });
});
afterEach(() => {
  for (const k of ['NO_COLOR', 'GOVCLOUD_TERRAFORM', 'FAKE_PLAN', 'FAKE_FAIL', 'FAKE_STDERR']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const calls = () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);

/** A stack folder holding a saved plan, as `planTenant` leaves it. */
function savedPlanFolder(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, PLAN_FILE), 'saved');
  return dir;
}

describe('planTenant', () => {
  it('synthesizes the tenant, runs terraform init and plan in its stack folder, and saves the plan there', () => {
    const out = path.join(tmp, 'planned');
    const dir = planTenant(config, 'dsp-ng', out);
    expect(dir).toBe(stackFolder(out, 'dsp-ng'));
    expect(fs.existsSync(path.join(dir, 'cdk.tf.json'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, PLAN_FILE), 'utf8')).toBe('saved');
    expect(calls()).toEqual(['init -input=false', `plan -input=false -out=${PLAN_FILE}`]);
  });

  it('says how to install the providers offline when init cannot reach their registry', () => {
    process.env.FAKE_FAIL = 'init';
    process.env.FAKE_STDERR = 'Error: could not connect to registry.terraform.io: dial tcp: no such host\n';
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      planTenant(config, 'dsp-ng', path.join(tmp, 'unreachable'));
      throw new Error('planTenant did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(TerraformFailed);
      expect((e as TerraformFailed).message).toBe('terraform init exited 1');
      expect((e as TerraformFailed).hint).toContain('registry (registry.terraform.io) is not reachable from here');
    } finally {
      write.mockRestore();
    }
    expect(calls()).toEqual(['init -input=false']);
  });

  it('gives no install hint when terraform plan itself fails', () => {
    process.env.FAKE_FAIL = 'plan';
    expect(() => planTenant(config, 'dsp-ng', path.join(tmp, 'plan-fails'))).toThrow(expect.objectContaining({ step: 'plan', status: 1, hint: undefined }));
  });
});

describe('reviewSavedPlan', () => {
  it('passes a clean plan, and keeps its JSON beside it', () => {
    const dir = savedPlanFolder('clean');
    const verdict = reviewSavedPlan(config, 'dsp-ng', dir, ['residency', 'destructive']);
    expect(passes(verdict)).toBe(true);
    expect(verdict.review.tenants.map((t) => t.tenant)).toEqual(['dsp-ng']);
    expect(fs.readFileSync(path.join(dir, PLAN_JSON), 'utf8')).toBe(fs.readFileSync(CLEAN_PLAN, 'utf8'));
    expect(calls()).toEqual([`show -json ${PLAN_FILE}`]);
  });

  it('refuses a plan with policy errors, and names the --fail-on labels it carries', () => {
    process.env.FAKE_PLAN = RISKY_PLAN;
    const verdict = reviewSavedPlan(config, 'dsp-ng', savedPlanFolder('risky'), ['destructive', 'egress']);
    expect(passes(verdict)).toBe(false);
    expect(verdict.blocked).toEqual(['destructive']);
    expect(verdict.errors.map((f) => f.ruleId)).toContain('ENC-03');
  });

  it('fails with the step and exit status when terraform cannot show the plan', () => {
    process.env.FAKE_FAIL = 'show';
    expect(() => reviewSavedPlan(config, 'dsp-ng', savedPlanFolder('unshown'), [])).toThrow('terraform show exited 1');
  });
});

describe('applySavedPlan', () => {
  it('applies the saved plan and nothing else', () => {
    applySavedPlan(savedPlanFolder('applied'));
    expect(calls()).toEqual([`apply -input=false ${PLAN_FILE}`]);
  });

  it('fails with the step and exit status when terraform apply fails', () => {
    process.env.FAKE_FAIL = 'apply';
    expect(() => applySavedPlan(savedPlanFolder('apply-fails'))).toThrow(expect.objectContaining({ step: 'apply', status: 1 }));
  });
});
