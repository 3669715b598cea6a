import * as fs from 'fs';
import * as path from 'path';
import type { RiskLabel } from '../policy/diff/diff-model';
import type { ReportedFinding } from '../policy/reported-finding';
import { reviewPlan, type PlanReview } from '../policy/review';
import { fromPlanJson } from '../policy/terraform/plan-reader';
import { checkStacks } from '../check/check-stacks';
import type { GovCloudConfig } from '../loader/load-config';
import { runTerraform, TerraformFailed } from './terraform-runner';

/** The saved plan, in the tenant's stack folder: `govcloud plan` writes it, `govcloud apply` applies only it. */
export const PLAN_FILE = 'tenant.tfplan';

/** The saved plan as `terraform show -json` gives it, beside {@link PLAN_FILE}: what the review read. */
export const PLAN_JSON = 'tenant.plan.json';

/** The folder of one tenant's (or site's) stack in a synth output folder, where Terraform runs and the plan is saved. */
export function stackFolder(outDir: string, tenant: string): string {
  return path.join(outDir, 'stacks', tenant);
}

/** What the check and the review found in a saved plan. */
export interface SavedPlanVerdict {
  readonly review: PlanReview;
  /** Stack rule errors on the planned values that no suppression covers; each refuses the plan. */
  readonly errors: readonly ReportedFinding[];
  /** The `failOn` labels the plan carries; each refuses the plan. */
  readonly blocked: readonly RiskLabel[];
}

/** Whether a saved plan may be applied: no policy error and no `--fail-on` label. */
export function passes(verdict: SavedPlanVerdict): boolean {
  return verdict.errors.length === 0 && verdict.blocked.length === 0;
}

/**
 * Shows the plan saved in `dir` as JSON (kept beside it as {@link PLAN_JSON}), checks it against the stack rules
 * and reviews it. Throws {@link TerraformFailed} when `terraform show` fails.
 */
export function reviewSavedPlan(config: GovCloudConfig, tenant: string, dir: string, failOn: readonly RiskLabel[]): SavedPlanVerdict {
  const show = runTerraform(dir, ['show', '-json', PLAN_FILE], { capture: true });
  if (show.status !== 0) throw new TerraformFailed('show', show.status);
  const jsonFile = path.join(dir, PLAN_JSON);
  fs.writeFileSync(jsonFile, show.stdout);
  const json = JSON.parse(show.stdout) as unknown;
  const report = checkStacks(config, [fromPlanJson(json, jsonFile, tenant)]);
  const findings = report.stacks.flatMap((s) => s.findings);
  const review = reviewPlan(json, jsonFile, { tenant, findings });
  return {
    review,
    errors: findings.filter((f) => f.severity === 'error' && !f.suppressedBy),
    blocked: failOn.filter((l) => review.labels.includes(l)),
  };
}

/** Applies the plan saved in `dir`, and nothing else; throws {@link TerraformFailed} when `terraform apply` fails. */
export function applySavedPlan(dir: string): void {
  const r = runTerraform(dir, ['apply', '-input=false', PLAN_FILE]);
  if (r.status !== 0) throw new TerraformFailed('apply', r.status);
}
