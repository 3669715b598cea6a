import * as fs from 'fs';
import * as path from 'path';
import type { RiskLabel } from '../policy/diff/diff-model';
import type { ReportedFinding } from '../policy/reported-finding';
import { reviewPlan, type PlanReview } from '../policy/review';
import { fromPlanJson } from '../policy/terraform/plan-reader';
import { checkStacks } from '../check/check-stacks';
import type { GovCloudConfig } from '../loader/load-config';
import { UsageError } from '../loader/usage-error';
import { RECOVERY_STACK_SUFFIX } from '../policy/tenant-rules/avl';
import { siteOfStack } from '../policy/site-audit';
import { synthesizeTenants } from '../stacks/synth';
import { PROVIDER_INSTALL_HINTS, providerInstallFailure, runTerraform, TerraformFailed } from './terraform-runner';

/** The saved plan, in the tenant's stack folder: `govcloud plan` writes it, `govcloud apply` applies only it. */
export const PLAN_FILE = 'tenant.tfplan';

/** The saved plan as `terraform show -json` gives it, beside {@link PLAN_FILE}: what the review read. */
export const PLAN_JSON = 'tenant.plan.json';

/**
 * The tenants to synthesize to plan `stack`: the tenant itself, or for a site stack `site-<id>` every tenant of
 * that site (a site stack is written by a synth of its tenants, whose audit devices it holds). A site that holds no
 * tenant has no stack: bad input. Any other name is left to synthesis, which refuses it naming the tenants.
 */
export function tenantsToSynthesize(config: GovCloudConfig, stack: string): string[] {
  if (config.tenants.some((t) => t.spec.name === stack)) return [stack];
  // A recovery stack (`<tenant>-recovery`) is synthesized with its tenant.
  const recovered = stack.endsWith(RECOVERY_STACK_SUFFIX) ? config.tenants.find((t) => t.spec.recovery && `${t.spec.name}${RECOVERY_STACK_SUFFIX}` === stack) : undefined;
  if (recovered) return [recovered.spec.name];
  const site = siteOfStack(stack, config.sites);
  if (!site) return [stack];
  // A site's stack logs its tenants and the tenants it holds the recovery stacks of.
  const tenants = config.tenants.filter((t) => t.spec.site === site.id || t.spec.recovery?.site === site.id).map((t) => t.spec.name);
  if (tenants.length === 0) {
    throw new UsageError([{ file: stack, field: '', message: `site ${site.id} holds no tenant, so govcloud writes no stack for it`, fix: 'plan a site that holds tenants, or a tenant' }]);
  }
  return tenants;
}

/** The folder of one tenant's (or site's) stack in a synth output folder, where Terraform runs and the plan is saved. */
export function stackFolder(outDir: string, tenant: string): string {
  return path.join(outDir, 'stacks', tenant);
}

/**
 * Synthesizes and checks one tenant into `outDir` (as `govcloud synth --tenant` does; for a site stack
 * `site-<id>`, the tenants of that site, which writes the site stack), calls `synthesized` with its stack folder,
 * then runs the real terraform there, `init` and `plan -out`, with their output streaming through. Returns the
 * stack folder. Throws {@link TerraformFailed} when a step fails (with how to install the providers offline, when
 * init could not), and what synthesis throws when the tenant is refused.
 */
export function planTenant(config: GovCloudConfig, tenant: string, outDir: string, synthesized: (dir: string) => void = () => undefined): string {
  // A recovery stack (`<tenant>-recovery`) is synthesized with its tenant, and planned in its own folder.
  synthesizeTenants(config, { outDir, tenants: tenantsToSynthesize(config, tenant), command: 'plan' });
  const dir = stackFolder(outDir, tenant);
  synthesized(dir);
  const init = runTerraform(dir, ['init', '-input=false'], { keepStderr: true });
  if (init.status !== 0) {
    const why = providerInstallFailure(init.stderr);
    throw new TerraformFailed('init', init.status, why && PROVIDER_INSTALL_HINTS[why]);
  }
  const plan = runTerraform(dir, ['plan', '-input=false', `-out=${PLAN_FILE}`]);
  if (plan.status !== 0) throw new TerraformFailed('plan', plan.status);
  return dir;
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
