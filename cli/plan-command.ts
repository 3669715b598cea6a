import * as fs from 'fs';
import * as path from 'path';
import type { RiskLabel } from '../policy/diff/diff-model';
import { formatFinding } from '../policy/finding';
import { summarize } from '../policy/report/check-report';
import { renderReview } from '../policy/report/review-formats';
import { reviewPlan } from '../policy/review';
import { fromPlanJson } from '../policy/terraform/plan-reader';
import { checkStacks } from '../check/check-stacks';
import { loadConfig, type GovCloudConfig } from '../loader/load-config';
import { synthesizeTenants } from '../stacks/synth';
import { providerInstallFailure, runTerraform, TerraformMissing } from '../plan/terraform-runner';
import { useColour } from './terminal-colour';
import { EXIT } from './exit-codes';
import { reportFailure } from './report-failure';

/** Options of `govcloud plan` and `govcloud apply`. */
export interface PlanCommandOptions {
  readonly config: string;
  readonly out: string;
  /** Review labels that refuse the plan (apply refuses to run; plan exits 1). */
  readonly failOn: readonly RiskLabel[];
}

/** What to do when `terraform init` cannot install the providers: the ways govcloud supports working offline. */
const INSTALL_HINTS = {
  'registry-unreachable': [
    'govcloud plan: terraform could not download the providers: their registry (registry.terraform.io) is not reachable from here.',
    '  Without internet access, or inside an enclave, install them from a provider mirror instead:',
    '  - govcloud bundle TENANT --out DIR --provider-mirror MIRROR writes the stack with a mirror-only CLI config and lock file',
    '    (run terraform in DIR with TF_CLI_CONFIG_FILE=DIR/terraform.rc; see the README, "Running a bundle inside an enclave");',
    '  - or set TF_CLI_CONFIG_FILE to a CLI config whose provider_installation names your filesystem_mirror or network_mirror.',
  ].join('\n'),
  'not-in-mirror': [
    'govcloud plan: the provider mirror Terraform was told to use (TF_CLI_CONFIG_FILE) lacks a provider version the stack pins.',
    '  Fill it from a machine with registry access: terraform providers mirror -platform=linux_amd64 MIRROR (in the stack folder),',
    '  then check it with govcloud bundle TENANT --out DIR --provider-mirror MIRROR, which names any version missing.',
  ].join('\n'),
} as const;

/** The saved plan and its JSON, in the tenant's stack folder. */
const PLAN_FILE = 'tenant.tfplan';
const PLAN_JSON = 'tenant.plan.json';

/**
 * `govcloud plan TENANT`: synthesizes and checks that tenant, then runs the real terraform in its stack folder
 * (`init`, `plan -out`, `show -json`) with its output streaming through, and prints the review. Terraform's
 * exit code is kept when it fails.
 */
export function runPlan(tenant: string, opts: PlanCommandOptions): number {
  try {
    const config = loadConfig(opts.config);
    synthesizeTenants(config, { outDir: opts.out, tenants: [tenant], command: 'plan' });
    const dir = path.join(opts.out, 'stacks', tenant);
    const init = runTerraform(dir, ['init', '-input=false'], { keepStderr: true });
    if (init.status !== 0) {
      console.error(`govcloud plan: terraform init exited ${init.status}`);
      const why = providerInstallFailure(init.stderr);
      if (why) console.error(INSTALL_HINTS[why]);
      return EXIT.terraform;
    }
    const plan = runTerraform(dir, ['plan', '-input=false', `-out=${PLAN_FILE}`]);
    if (plan.status !== 0) {
      console.error(`govcloud plan: terraform plan exited ${plan.status}`);
      return EXIT.terraform;
    }
    return reviewSavedPlan(config, tenant, dir, opts.failOn, 'plan');
  } catch (e) {
    return terraformFailure('plan', e);
  }
}

/**
 * `govcloud apply TENANT`: applies only the plan `govcloud plan` saved, and only when its check and its
 * review's `--fail-on` labels pass.
 */
export function runApply(tenant: string, opts: PlanCommandOptions): number {
  try {
    const config = loadConfig(opts.config);
    const dir = path.join(opts.out, 'stacks', tenant);
    if (!fs.existsSync(path.join(dir, PLAN_FILE))) {
      console.error(`govcloud apply: no saved plan ${path.join(dir, PLAN_FILE)}; run govcloud plan ${tenant} first`);
      return EXIT.badInput;
    }
    const verdict = reviewSavedPlan(config, tenant, dir, opts.failOn, 'apply');
    if (verdict !== EXIT.ok) {
      console.error(`govcloud apply: refused; the saved plan of ${tenant} does not pass its check or review. Nothing was applied.`);
      return verdict;
    }
    const r = runTerraform(dir, ['apply', '-input=false', PLAN_FILE]);
    if (r.status !== 0) console.error(`govcloud apply: terraform apply exited ${r.status}`);
    return r.status === 0 ? EXIT.ok : EXIT.terraform;
  } catch (e) {
    return terraformFailure('apply', e);
  }
}

/** Shows the saved plan as JSON, checks it, prints the review, and says whether it passes. */
function reviewSavedPlan(config: GovCloudConfig, tenant: string, dir: string, failOn: readonly RiskLabel[], command: string): number {
  const show = runTerraform(dir, ['show', '-json', PLAN_FILE], { capture: true });
  if (show.status !== 0) {
    console.error(`govcloud ${command}: terraform show exited ${show.status}`);
    return EXIT.terraform;
  }
  fs.writeFileSync(path.join(dir, PLAN_JSON), show.stdout);
  const json = JSON.parse(show.stdout) as unknown;
  const report = checkStacks(config, [fromPlanJson(json, path.join(dir, PLAN_JSON), tenant)]);
  const findings = report.stacks.flatMap((s) => s.findings);
  const review = reviewPlan(json, path.join(dir, PLAN_JSON), { tenant, findings });
  process.stdout.write(renderReview(review, 'text', { color: useColour(true) }));
  const errors = summarize(report).errors;
  const blocked = failOn.filter((l) => review.labels.includes(l));
  if (errors) for (const f of findings.filter((x) => x.severity === 'error' && !x.suppressedBy)) console.error(formatFinding(f));
  if (blocked.length) console.error(`govcloud ${command}: the plan carries ${blocked.join(', ')} changes (--fail-on)`);
  return errors || blocked.length ? EXIT.refused : EXIT.ok;
}

function terraformFailure(command: string, e: unknown): number {
  if (e instanceof TerraformMissing) {
    console.error(`govcloud ${command}: ${e.message}`);
    return EXIT.badInput;
  }
  return reportFailure(command, e);
}
