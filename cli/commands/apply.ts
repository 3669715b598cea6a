import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { TerraformFailed } from '../../plan/terraform-runner';
import { configOption, failOnLabels, failOnOption } from '../options';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud apply`, as declared below. */
export interface ApplyOptions {
  readonly config: string;
  /** The synth output folder `govcloud plan` saved the plan in. */
  readonly out: string;
  /** Review labels that refuse to apply the plan, comma-separated; read by {@link failOnLabels}. */
  readonly failOn: string;
}

/** Declares `govcloud apply`. */
export function register(program: Command): void {
  program
    .command('apply')
    .description('Apply the plan `govcloud plan` saved for the tenant, only if its check and review (--fail-on) pass.')
    .argument('<tenant>', "tenant name, or site-<id> for a site's stack (its audit devices)")
    .addOption(configOption())
    .option('--out <dir>', 'synth output folder', 'cdktf.out')
    .addOption(failOnOption('review labels that refuse the plan', 'residency,destructive'))
    .action(async (tenant: string, opts: ApplyOptions) => {
      process.exitCode = await runApply(tenant, opts);
    });
}

/**
 * `govcloud apply TENANT`: applies only the plan `govcloud plan` saved, and only when its check and its
 * review's `--fail-on` labels pass.
 */
export async function runApply(tenant: string, opts: ApplyOptions): Promise<number> {
  const failOn = failOnLabels('apply', opts.failOn);
  if (!failOn) return EXIT.badInput;
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { applySavedPlan, PLAN_FILE, reviewSavedPlan, stackFolder } = await import('../../plan/saved-plan');
    const { printPlanVerdict } = await import('../plan-verdict');
    const config = loadConfig(opts.config);
    const dir = stackFolder(opts.out, tenant);
    if (!fs.existsSync(path.join(dir, PLAN_FILE))) {
      console.error(`govcloud apply: no saved plan ${path.join(dir, PLAN_FILE)}; run govcloud plan ${tenant} first`);
      return EXIT.badInput;
    }
    let verdict: number;
    try {
      verdict = printPlanVerdict('apply', reviewSavedPlan(config, tenant, dir, failOn));
    } catch (e) {
      // A saved plan terraform cannot show is not applied; one line says so, after Terraform's own messages.
      if (!(e instanceof TerraformFailed)) throw e;
      console.error(`govcloud apply: ${e.message}, so the saved plan of ${tenant} could not be read. Nothing was applied.`);
      return EXIT.terraform;
    }
    if (verdict !== EXIT.ok) {
      console.error(`govcloud apply: refused; the saved plan of ${tenant} does not pass its check or review. Nothing was applied.`);
      return verdict;
    }
    applySavedPlan(dir);
    return EXIT.ok;
  } catch (e) {
    return reportFailure('apply', e);
  }
}
