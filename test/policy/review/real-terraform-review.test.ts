import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ReportedFinding } from '../../../policy/reported-finding';
import { renderReview } from '../../../policy/report/review-formats';
import { KNOWN_AFTER_APPLY, reviewPlan, type PlannedChange, type PlanReview } from '../../../policy/review';
import { SENSITIVE } from '../../../policy/secrets';
import { hasTerraform, offlineTerraformEnv, terraformTest } from '../../terraform-binary';

// The real terraform binary, offline: built-in terraform_data resources, a local backend, no provider to download.

const withTerraform = terraformTest('the plan review is not checked against a real `terraform show -json` plan here');

/** Not real secrets; each must reach Terraform's plan JSON and must not reach any rendering. */
const DB_SECRET = `db-secret-${process.pid}`;
const APP_SECRET_1 = `app-secret-one-${process.pid}`;
const APP_SECRET_2 = `app-secret-two-${process.pid}`;
const URL_SECRET_1 = `urlpass-one-${process.pid}`;
const URL_SECRET_2 = `urlpass-two-${process.pid}`;
const SECRETS = [DB_SECRET, APP_SECRET_1, APP_SECRET_2, URL_SECRET_1, URL_SECRET_2];

/**
 * The first version: `settings` holds a password from a variable that is **not** declared sensitive (so Terraform
 * prints it) and a URL with a password in it; `rotated` holds a sensitive variable; `retired` is there to go.
 */
const VERSION_1 = {
  terraform: { backend: { local: { path: 'state/terraform.tfstate' } } },
  variable: {
    db_password: { type: 'string', sensitive: true },
    app_password: { type: 'string' },
    url_password: { type: 'string' },
  },
  resource: {
    terraform_data: {
      settings: { input: { user: 'app', password: '${var.app_password}', size: 1, endpoint: 'https://app:${var.url_password}@api.example.lu' } },
      rotated: { input: '${var.db_password}', triggers_replace: 'gen-1' },
      retired: { input: 'bye' },
    },
  },
  output: {
    db: { value: '${var.db_password}', sensitive: true },
    endpoint: { value: '${terraform_data.settings.input.endpoint}' },
  },
};

/** The second: one create (of a sensitive value), one update (of `input`), one replace (`triggers_replace`), one delete. */
const VERSION_2 = (() => {
  const v = structuredClone(VERSION_1) as any;
  const r = v.resource.terraform_data;
  r.settings.input.size = 2;
  r.settings.input.endpoint = 'https://app:${var.url_password}@api.example.lu/v2';
  r.rotated.triggers_replace = 'gen-2';
  delete r.retired;
  r.created = { input: '${var.db_password}' };
  return v;
})();

describe('reviewPlan on a real plan of terraform_data changes', () => {
  let dir = '';
  let showText = '';
  let review: PlanReview;

  if (hasTerraform) {
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-review-'));
      fs.writeFileSync(path.join(dir, 'cli.tfrc'), '# no provider installation settings, no credentials\n');
      const env = offlineTerraformEnv(dir, { TF_VAR_db_password: DB_SECRET });
      const run = (vars: Record<string, string>, ...args: string[]) => {
        const r = spawnSync('terraform', args, { cwd: dir, env: { ...env, ...vars }, encoding: 'utf8', timeout: 50000 });
        if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
        return r.stdout;
      };
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(VERSION_1, null, 2));
      const first = { TF_VAR_app_password: APP_SECRET_1, TF_VAR_url_password: URL_SECRET_1 };
      run(first, 'init', '-input=false', '-no-color');
      run(first, 'apply', '-input=false', '-no-color', '-auto-approve');
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(VERSION_2, null, 2));
      const second = { TF_VAR_app_password: APP_SECRET_2, TF_VAR_url_password: URL_SECRET_2 };
      run(second, 'plan', '-input=false', '-no-color', '-out=p.tfplan');
      showText = run(second, 'show', '-json', 'p.tfplan');
      // A rule that quotes what it found: the review must not let it print a secret either.
      const quoting: ReportedFinding = {
        ruleId: 'KEY-09',
        severity: 'warning',
        tenant: 'real',
        field: 'terraform_data.settings.input.password',
        resource: 'terraform_data.settings',
        attribute: 'input.password',
        found: `a literal password "${APP_SECRET_2}"`,
        allowed: 'a sensitive variable',
        fix: 'declare the variable sensitive = true',
        source: 'test',
        location: { file: 'main.tf.json' },
      };
      review = reviewPlan(JSON.parse(showText), path.join(dir, 'plan.json'), { tenant: 'real', findings: [quoting] });
    }, 180000);
    afterAll(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });
  }

  const change = (address: string): PlannedChange => {
    const c = review.tenants[0].changes.find((x) => x.address === address);
    if (!c) throw new Error(`no change to ${address} in ${review.tenants[0].changes.map((x) => x.address).join(', ')}`);
    return c;
  };
  const labels = (address: string) => change(address).risks.map((r) => r.label);

  withTerraform('counts exactly one create, one update, one replace and one delete', () => {
    expect(review.tenants[0].counts).toEqual({ create: 1, update: 1, replace: 1, delete: 1, read: 0, forget: 0 });
    expect(review.tenants[0].changes.map((c) => [c.action, c.address]).sort()).toEqual([
      ['create', 'terraform_data.created'],
      ['delete', 'terraform_data.retired'],
      ['replace', 'terraform_data.rotated'],
      ['update', 'terraform_data.settings'],
    ]);
  });

  withTerraform('labels the replace and the delete destructive, and the update egress for its URL, not destructive', () => {
    expect(labels('terraform_data.rotated')).toEqual(['destructive']);
    expect(labels('terraform_data.retired')).toEqual(['destructive']);
    expect(labels('terraform_data.settings')).toEqual(['egress']);
    expect(labels('terraform_data.created')).toEqual([]);
    expect(review.labels).toEqual(['destructive', 'egress']);
  });

  withTerraform('gives the reasons Terraform gives for the replace and the delete', () => {
    expect(change('terraform_data.rotated')).toMatchObject({ actions: ['delete', 'create'], reason: 'replace_because_cannot_update', replacePaths: ['triggers_replace'] });
    expect(change('terraform_data.rotated').attributes.find((a) => a.path === 'triggers_replace')).toEqual({ path: 'triggers_replace', before: 'gen-1', after: 'gen-2', forcesReplacement: true });
    expect(change('terraform_data.retired')).toMatchObject({ reason: 'delete_because_no_resource_config' });
  });

  withTerraform('shows the update attribute by attribute, secrets as (sensitive), and what apply decides as (known after apply)', () => {
    expect(change('terraform_data.settings').attributes).toEqual([
      { path: 'input.endpoint', before: `https://app:${SENSITIVE}@api.example.lu`, after: `https://app:${SENSITIVE}@api.example.lu/v2`, sensitive: true },
      { path: 'input.password', before: SENSITIVE, after: SENSITIVE, sensitive: true },
      { path: 'input.size', before: 1, after: 2 },
      { path: 'output', before: { endpoint: `https://app:${SENSITIVE}@api.example.lu`, password: SENSITIVE, size: 1, user: 'app' }, after: KNOWN_AFTER_APPLY, unknown: true, sensitive: true },
    ]);
    // terraform_data.output echoes the sensitive input without Terraform's mark; the review masks it all the same.
    expect(change('terraform_data.rotated').attributes.find((a) => a.path === 'output')).toMatchObject({ before: SENSITIVE, after: KNOWN_AFTER_APPLY });
  });

  withTerraform('never shows a secret in any rendering, though terraform show -json prints every one of them', () => {
    const plan = JSON.parse(showText);
    expect(plan.variables.db_password.value).toBe(DB_SECRET);
    expect(plan.variables.app_password.value).toBe(APP_SECRET_2);
    for (const s of SECRETS) expect(showText).toContain(s);
    const outputs = [renderReview(review, 'text'), renderReview(review, 'text', { color: true }), renderReview(review, 'markdown'), renderReview(review, 'json')];
    for (const out of outputs) {
      for (const s of SECRETS) expect({ secret: s, shown: out.includes(s) }).toEqual({ secret: s, shown: false });
      expect(out).toContain(SENSITIVE);
    }
    expect(outputs[0]).toContain('terraform_data.settings');
    expect(outputs[0]).toContain(`a literal password "${SENSITIVE}"`);
  });
});
