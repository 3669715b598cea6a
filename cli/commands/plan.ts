import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { UsageError } from '../../loader/usage-error';
import { configOption, failOnLabels, failOnOption } from '../options';
import { writeOutputFile } from '../output-file';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud plan`, as declared below. */
export interface PlanOptions {
  readonly config: string;
  /** The synth output folder; the plan is saved in the tenant's stack folder inside it. */
  readonly out: string;
  /** Review labels that make the plan exit 1, comma-separated; read by {@link failOnLabels}. */
  readonly failOn: string;
  /**
   * A folder to write the reports a CI job keeps into ({@link PLAN_REPORTS}): the check of the synthesized stack,
   * before terraform runs, and the review of the plan, whenever there is one.
   * @default - none written
   */
  readonly reports?: string;
}

/**
 * What `--reports DIR` writes, each byte for byte what the command beside it writes for the same stack and plan:
 * `check STACK/cdk.tf.json --format junit`, `review STACK/tenant.plan.json --format markdown` and `--format json`.
 */
export const PLAN_REPORTS = { check: 'check.junit.xml', reviewMarkdown: 'review.md', reviewJson: 'review.json' } as const;

/** Declares `govcloud plan`. */
export function register(program: Command): void {
  program
    .command('plan')
    .description("Synthesize and check one tenant (or a site's stack, site-<id>), run terraform init and plan in its stack folder, save the plan and print its review.")
    .argument('<tenant>', "tenant name, or site-<id> for a site's stack (its audit devices)")
    .addOption(configOption())
    .option('--out <dir>', 'synth output folder', 'cdktf.out')
    .addOption(failOnOption('review labels that refuse the plan', 'residency,destructive'))
    .option('--reports <dir>', `also write into DIR the stack's check (${PLAN_REPORTS.check}, before terraform runs) and the plan's review (${PLAN_REPORTS.reviewMarkdown}, ${PLAN_REPORTS.reviewJson}), as check and review write them: one command for a CI job`)
    .action(async (tenant: string, opts: PlanOptions) => {
      process.exitCode = await runPlan(tenant, opts);
    });
}

/**
 * `govcloud plan TENANT`: synthesizes and checks that tenant, then runs the real terraform in its stack folder
 * (`init`, `plan -out`, `show -json`) with its output streaming through, and prints the review; with `--reports`,
 * writes the check and the review as files too. Terraform's failures exit 4.
 */
export async function runPlan(tenant: string, opts: PlanOptions): Promise<number> {
  const failOn = failOnLabels('plan', opts.failOn);
  if (!failOn) return EXIT.badInput;
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { planTenant } = await import('../../plan/plan-tenant');
    const { reviewSavedPlan } = await import('../../plan/saved-plan');
    const { printPlanVerdict } = await import('../plan-verdict');
    const reports = opts.reports;
    if (reports !== undefined) refuseReportsFolder(reports);
    const config = loadConfig(opts.config);
    let writeCheck: (stackDir: string) => void = () => undefined;
    if (reports) {
      const { checkInputs } = await import('../../check/read-inputs');
      const { checkStacks } = await import('../../check/check-stacks');
      const { renderReport } = await import('../../policy/report/formats/render-report');
      writeCheck = (stackDir) => {
        const report = checkStacks(config, checkInputs([path.join(stackDir, 'cdk.tf.json')]), { locateEditedStacks: true });
        writeOutputFile('--reports', path.join(reports, PLAN_REPORTS.check), renderReport(report, 'junit'));
      };
    }
    const verdict = reviewSavedPlan(config, tenant, planTenant(config, tenant, opts.out, writeCheck), failOn);
    if (reports) {
      const { renderReview } = await import('../../policy/report/review-formats/render-review');
      writeOutputFile('--reports', path.join(reports, PLAN_REPORTS.reviewMarkdown), renderReview(verdict.review, 'markdown'));
      writeOutputFile('--reports', path.join(reports, PLAN_REPORTS.reviewJson), renderReview(verdict.review, 'json'));
    }
    return printPlanVerdict('plan', verdict);
  } catch (e) {
    return reportFailure('plan', e);
  }
}

/** Bad arguments (exit 2, before anything runs) when `--reports` names something other than a folder, or nothing. */
function refuseReportsFolder(dir: string): void {
  let found: string | undefined;
  if (dir === '') found = 'is empty';
  else if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) found = 'exists and is not a folder';
  if (found) throw new UsageError([{ file: dir, field: '--reports', message: found, fix: `name a folder for ${Object.values(PLAN_REPORTS).join(', ')} (it is created when missing)` }]);
}
