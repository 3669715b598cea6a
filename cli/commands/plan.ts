import type { Command } from 'commander';
import { configOption, failOnLabels, failOnOption } from '../options';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud plan`, as declared below. */
export interface PlanOptions {
  readonly config: string;
  /** The synth output folder; the plan is saved in the tenant's stack folder inside it. */
  readonly out: string;
  /** Review labels that make the plan exit 1, comma-separated; read by {@link failOnLabels}. */
  readonly failOn: string;
}

/** Declares `govcloud plan`. */
export function register(program: Command): void {
  program
    .command('plan')
    .description("Synthesize and check one tenant (or a site's stack, site-<id>), run terraform init and plan in its stack folder, save the plan and print its review.")
    .argument('<tenant>', "tenant name, or site-<id> for a site's stack (its audit devices)")
    .addOption(configOption())
    .option('--out <dir>', 'synth output folder', 'cdktf.out')
    .addOption(failOnOption('review labels that refuse the plan', 'residency,destructive'))
    .action(async (tenant: string, opts: PlanOptions) => {
      process.exitCode = await runPlan(tenant, opts);
    });
}

/**
 * `govcloud plan TENANT`: synthesizes and checks that tenant, then runs the real terraform in its stack folder
 * (`init`, `plan -out`, `show -json`) with its output streaming through, and prints the review. Terraform's
 * failures exit 4.
 */
export async function runPlan(tenant: string, opts: PlanOptions): Promise<number> {
  const failOn = failOnLabels('plan', opts.failOn);
  if (!failOn) return EXIT.badInput;
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { planTenant, reviewSavedPlan } = await import('../../plan/saved-plan');
    const { printPlanVerdict } = await import('../plan-verdict');
    const config = loadConfig(opts.config);
    const dir = planTenant(config, tenant, opts.out);
    return printPlanVerdict('plan', reviewSavedPlan(config, tenant, dir, failOn));
  } catch (e) {
    return reportFailure('plan', e);
  }
}
