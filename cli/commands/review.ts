import * as path from 'path';
import type { Command } from 'commander';
import { REVIEW_FORMATS, type ReviewFormat } from '../../policy/report/review-formats/review-format';
import { configOption, failOnLabels, failOnOption, formatOption, outputOption, tenantOption } from '../options';
import { writeOutputFile } from '../output-file';
import { reportFailure } from '../report-failure';
import { useColour } from '../terminal-colour';
import { EXIT } from '../exit-codes';

/** Options of `govcloud review`, as declared below. */
export interface ReviewOptions {
  readonly format: ReviewFormat;
  /**
   * The plan's tenant.
   * @default - the name of the folder the plan is in
   */
  readonly tenant?: string;
  /** Labels that make the command exit 1, comma-separated; read by {@link failOnLabels}. */
  readonly failOn: string;
  readonly output?: string;
  readonly config: string;
}

/** Declares `govcloud review`. */
export function register(program: Command): void {
  program
    .command('review')
    .description('Review the JSON of `terraform show -json PLANFILE`: counts, risk labels, masked changes and policy findings.')
    .argument('<plan>', 'plan JSON file')
    .addOption(formatOption(REVIEW_FORMATS))
    .addOption(tenantOption('tenant of the plan (default: the name of its folder)'))
    .addOption(failOnOption('exit 1 when a change carries one of these labels'))
    .addOption(outputOption('review'))
    .addOption(configOption())
    .action(async (plan: string, opts: ReviewOptions) => {
      process.exitCode = await runReview(plan, opts);
    });
}

/**
 * `govcloud review PLAN.json`: counts, risk labels, masked attribute changes and policy findings of a
 * `terraform show -json` plan. Exit 1 when a policy error is found or a `--fail-on` label is present.
 */
export async function runReview(planFile: string, opts: ReviewOptions): Promise<number> {
  const failOn = failOnLabels('review', opts.failOn);
  if (!failOn) return EXIT.badInput;
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { readTerraformJson } = await import('../../check/read-inputs');
    const { fromPlanJson } = await import('../../policy/terraform/plan-reader');
    const { checkStacks } = await import('../../check/check-stacks');
    const { reviewPlan } = await import('../../policy/review');
    const { renderReview } = await import('../../policy/report/review-formats/render-review');
    const config = loadConfig(opts.config);
    const json = readTerraformJson(planFile);
    const tenant = opts.tenant ?? path.basename(path.dirname(path.resolve(planFile)));
    const report = checkStacks(config, [fromPlanJson(json, planFile, tenant)]);
    const findings = report.stacks.flatMap((s) => s.findings);
    const review = reviewPlan(json, planFile, { tenant, findings });
    const text = renderReview(review, opts.format, { color: useColour(!opts.output && opts.format === 'text') });
    if (opts.output) writeOutputFile('--output', opts.output, text);
    else process.stdout.write(text);
    const errors = findings.filter((f) => f.severity === 'error' && !f.suppressedBy).length;
    const blocked = failOn.filter((l) => review.labels.includes(l));
    if (errors) console.error(`govcloud review: exit 1: ${errors} policy error${errors === 1 ? '' : 's'} in the plan`);
    if (blocked.length) console.error(`govcloud review: exit 1: the plan carries ${blocked.join(', ')} changes (--fail-on ${failOn.join(',')})`);
    return errors || blocked.length ? EXIT.refused : EXIT.ok;
  } catch (e) {
    return reportFailure('review', e);
  }
}
