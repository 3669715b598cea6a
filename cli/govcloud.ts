#!/usr/bin/env node
/**
 * The `govcloud` command. Thin on purpose: it parses arguments, calls the library and prints. Commands load
 * their modules only when they run, so `govcloud --help` loads no provider binding.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes';
import { REPORT_FORMATS, type ReportFormat } from '../policy/report/formats/render-report';
import { TOOL_VERSION } from '../loader/tool-version';

const LABELS = ['residency', 'security', 'destructive', 'egress'] as const;
type Label = (typeof LABELS)[number];

/** Parses `--fail-on a,b`; an unknown label is bad arguments (exit 2). */
function failOnLabels(command: string, value: string): Label[] | undefined {
  const labels = value.split(',').map((l) => l.trim()).filter(Boolean);
  const unknown = labels.filter((l) => !(LABELS as readonly string[]).includes(l));
  if (unknown.length) {
    console.error(`govcloud ${command}: --fail-on ${unknown.join(',')}: unknown label; use ${LABELS.join(', ')}`);
    process.exitCode = EXIT.badInput;
    return undefined;
  }
  return labels as Label[];
}

const program = new Command()
  .name('govcloud')
  .description('Sovereign GovCloud tenants on vSphere and Vault: synthesize Terraform, refuse non-resident data.')
  .version(`govcloud ${TOOL_VERSION}`, '-V, --version', 'print the version and exit')
  .exitOverride()
  .showHelpAfterError('(run govcloud --help for usage)');

program
  .command('synth')
  .description('Synthesize one Terraform stack per tenant into OUT/stacks/<tenant>/cdk.tf.json. Exit 1 if a tenant breaks a rule, 2 on bad config; nothing is written then.')
  .option('--config <dir>', 'config folder with sites.yaml, classifications.yaml and tenants/', 'config')
  .option('--out <dir>', 'output folder', 'cdktf.out')
  .addOption(new Option('--tenant <name...>', 'only these tenants (others in OUT are kept)'))
  .option('--shard <I/N>', 'only the tenants of share I of N (stable per tenant name; for CI fan-out)')
  .option('--force', 'rebuild every stack, even those whose inputs are unchanged since the last synth')
  .option('--jobs <n>', 'worker threads (default: one per core; used from 100 tenants per worker; 1 = no workers)')
  .addOption(new Option('--extend <module...>', 'JavaScript modules exporting customize(stack), to add resources beside the constructs (checked like the rest)'))
  .action(async (opts: import('./synth-command').SynthCommandOptions) => {
    const { runSynth } = await import('./synth-command');
    process.exitCode = await runSynth(opts);
  });

program
  .command('rules')
  .description('List the residency and security rules checked for every tenant, with their sources.')
  .action(async () => {
    const { runRules } = await import('./rules-command');
    process.exitCode = runRules();
  });

program
  .command('check')
  .description('Check synthesized stacks or plans against the stack rule catalogue. Exit 0 clean, 1 errors found, 2 unreadable input.')
  .argument('<path...>', 'synth output folder, cdk.tf.json, or `terraform show -json PLANFILE` output')
  .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
  .option('--output <file>', 'write the report to FILE instead of standard output')
  .option('--config <dir>', 'config folder', 'config')
  .option('--tenant <name>', 'tenant of a plan JSON whose folder is not named after it')
  .option('--shard <I/N>', 'only the stacks of share I of N (the same share synth --shard takes)')
  .action(async (paths: string[], opts: { format: ReportFormat; output?: string; config: string; tenant?: string; shard?: string }) => {
    const { runCheck } = await import('./check-command');
    process.exitCode = runCheck(paths, opts);
  });

program
  .command('diff')
  .description('Compare two synth output folders, or the working tree with a git revision (--git REF), tenant by tenant, with risk labels.')
  .argument('[folders...]', 'BASE and HEAD synth output folders')
  .option('--git <ref>', "synthesize the config at REF and the working tree's, and compare them")
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
  .option('--fail-on <labels>', 'exit 1 when a change carries one of these labels (comma-separated: residency,security,destructive,egress)', '')
  .option('--output <file>', 'write the report to FILE instead of standard output')
  .option('--config <dir>', 'config folder (site catalogue for the labels; with --git, the folder compared)', 'config')
  .action(async (folders: string[], opts: { git?: string; format: 'text' | 'markdown' | 'json'; failOn: string; output?: string; config: string }) => {
    const failOn = failOnLabels('diff', opts.failOn);
    if (!failOn) return;
    const { runDiff } = await import('./diff-command');
    process.exitCode = runDiff(folders, { ...opts, failOn });
  });

program
  .command('review')
  .description('Review the JSON of `terraform show -json PLANFILE`: counts, risk labels, masked changes and policy findings.')
  .argument('<plan>', 'plan JSON file')
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
  .option('--tenant <name>', 'tenant of the plan (default: the name of its folder)')
  .option('--fail-on <labels>', 'exit 1 when a change carries one of these labels', '')
  .option('--output <file>', 'write the review to FILE instead of standard output')
  .option('--config <dir>', 'config folder', 'config')
  .action(async (plan: string, opts: { format: 'text' | 'markdown' | 'json'; tenant?: string; failOn: string; output?: string; config: string }) => {
    const failOn = failOnLabels('review', opts.failOn);
    if (!failOn) return;
    const { runReview } = await import('./review-command');
    process.exitCode = runReview(plan, { ...opts, failOn });
  });

for (const verb of ['plan', 'apply'] as const) {
  program
    .command(verb)
    .description(
      verb === 'plan'
        ? "Synthesize and check one tenant, run terraform init and plan in its stack folder, save the plan and print its review."
        : 'Apply the plan `govcloud plan` saved for the tenant, only if its check and review (--fail-on) pass.',
    )
    .argument('<tenant>', 'tenant name')
    .option('--config <dir>', 'config folder', 'config')
    .option('--out <dir>', 'synth output folder', 'cdktf.out')
    .option('--fail-on <labels>', 'review labels that refuse the plan', 'residency,destructive')
    .action(async (tenant: string, opts: { config: string; out: string; failOn: string }) => {
      const failOn = failOnLabels(verb, opts.failOn);
      if (!failOn) return;
      const { runPlan, runApply } = await import('./plan-command');
      process.exitCode = (verb === 'plan' ? runPlan : runApply)(tenant, { ...opts, failOn });
    });
}

program
  .command('evidence')
  .description('Write per-tenant residency evidence (JSON and Markdown) for a data-protection officer or auditor.')
  .requiredOption('--out <dir>', 'folder for <tenant>.json and <tenant>.md')
  .option('--config <dir>', 'config folder', 'config')
  .addOption(new Option('--tenant <name...>', 'only these tenants'))
  .action(async (opts: { config: string; out: string; tenant?: string[] }) => {
    const { runEvidence } = await import('./evidence-command');
    process.exitCode = runEvidence(opts);
  });

program
  .command('bundle')
  .description('Write what an operator carries into an enclave to run one tenant offline: its stack, a mirror-only Terraform CLI config, the providers and their lock file (with --provider-mirror), MANIFEST.sha256 and VERIFY.md.')
  .argument('<tenant>', 'tenant name')
  .requiredOption('--out <dir>', 'bundle folder to create (new or empty)')
  .option('--provider-mirror <dir>', 'Terraform filesystem mirror holding the exact provider versions the stack pins')
  .option('--config <dir>', 'config folder', 'config')
  .action(async (tenant: string, opts: { out: string; providerMirror?: string; config: string }) => {
    const { runBundle } = await import('./bundle-command');
    process.exitCode = runBundle(tenant, opts);
  });

program
  .command('verify-bundle')
  .description('Check a bundle before (or after) it is carried into an enclave: MANIFEST.sha256, providers only from its own filesystem mirror, a lock file checksum for every package carried (SUP-02). Exit 1 on any problem.')
  .argument('<dir>', 'bundle folder')
  .action(async (dir: string) => {
    const { runVerifyBundle } = await import('./verify-bundle-command');
    process.exitCode = runVerifyBundle(dir);
  });

program
  .command('pipeline')
  .description('Write a CI pipeline with a plan job and a manual apply job per tenant affected since a git revision (GitLab CI child pipeline).')
  .requiredOption('--ci <system>', 'CI system: gitlab')
  .option('--changed-since <ref>', 'plan only the tenants affected since this git revision (default: every tenant)')
  .option('--config <dir>', 'config folder', 'config')
  .option('--output <file>', 'write the pipeline to FILE instead of standard output')
  .action(async (opts: { ci: string; changedSince?: string; config: string; output?: string }) => {
    const { runPipeline } = await import('./pipeline-command');
    process.exitCode = runPipeline(opts);
  });

program
  .command('docs')
  .description('Write the rule reference generated from the catalogues (docs/rules.md).')
  .option('--out <file>', 'where to write it', 'docs/rules.md')
  .action(async (opts: { out: string }) => {
    const { runDocs } = await import('./docs-command');
    process.exitCode = runDocs(opts);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CommanderError) {
    // Help and version are successes; every other parse error is bad arguments.
    process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.badInput;
    return;
  }
  console.error(`govcloud: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = EXIT.internal;
});
