import * as path from 'path';
import type { RiskLabel } from '../policy/diff/diff-model';
import { renderReview, type ReviewFormat } from '../policy/report/review-formats';
import { reviewPlan } from '../policy/review';
import { fromPlanJson } from '../policy/terraform/plan-reader';
import { checkStacks } from '../check/check-stacks';
import { readTerraformJson } from '../check/read-inputs';
import { loadConfig } from '../loader/load-config';
import { EXIT } from './exit-codes';
import { reportFailure } from './report-failure';
import { useColour } from './terminal-colour';
import { writeOutputFile } from './output-file';

/** Options of `govcloud review`. */
export interface ReviewCommandOptions {
  readonly config: string;
  readonly format: ReviewFormat;
  /** The plan's tenant. @default the name of the folder the plan is in */
  readonly tenant?: string;
  readonly failOn: readonly RiskLabel[];
  readonly output?: string;
}

/**
 * `govcloud review PLAN.json`: counts, risk labels, masked attribute changes and policy findings of a
 * `terraform show -json` plan. Exit 1 when a policy error is found or a `--fail-on` label is present.
 */
export function runReview(planFile: string, opts: ReviewCommandOptions): number {
  try {
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
    const blocked = opts.failOn.filter((l) => review.labels.includes(l));
    if (errors) console.error(`govcloud review: exit 1: ${errors} policy error${errors === 1 ? '' : 's'} in the plan`);
    if (blocked.length) console.error(`govcloud review: exit 1: the plan carries ${blocked.join(', ')} changes (--fail-on ${opts.failOn.join(',')})`);
    return errors || blocked.length ? EXIT.refused : EXIT.ok;
  } catch (e) {
    return reportFailure('review', e);
  }
}
