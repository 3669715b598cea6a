import type { Command } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../../policy/report/formats/report-format';
import { inShard, parseShard } from '../../stacks/synth/shard';
import { configOption, formatOption, outputOption, tenantOption } from '../options';
import { writeOutputFile } from '../output-file';
import { reportFailure } from '../report-failure';
import { useColour } from '../terminal-colour';
import { EXIT } from '../exit-codes';
import { startProgress } from '../progress';

/** Options of `govcloud check`, as declared below. */
export interface CheckOptions {
  readonly format: ReportFormat;
  /** Write the report here instead of standard output. */
  readonly output?: string;
  readonly config: string;
  /** Only this tenant's stack of a synth folder; the stack name of a plan JSON whose folder is not named after its tenant. */
  readonly tenant?: string;
  /** Check only the stacks of this `I/N` share (the same share `synth --shard` takes). */
  readonly shard?: string;
  /** `--verbose`: the text report's findings in full, with what each rule allows and its sources. */
  readonly verbose?: boolean;
  /**
   * Today's date (`YYYY-MM-DD`) for suppression expiry; not an option: tests pin it.
   * @default - today
   */
  readonly today?: string;
}

/** Declares `govcloud check`. */
export function register(program: Command): void {
  program
    .command('check')
    .description('Check synthesized stacks or plans against the stack rule catalogue. Exit 0 clean, 1 errors found, 2 unreadable input.')
    .argument('<path...>', 'synth output folder, cdk.tf.json, or `terraform show -json PLANFILE` output')
    .addOption(formatOption(REPORT_FORMATS, 'report format'))
    .addOption(outputOption('report'))
    .addOption(configOption())
    .addOption(tenantOption("only this tenant's stack of a synth folder (exit 2 if it has none); the tenant of a plan JSON whose folder is not named after it"))
    .option('--shard <I/N>', 'only the stacks of share I of N (the same share synth --shard takes)')
    .option('--verbose', 'text format: every finding in full, with what its rule allows and its sources (default: one short line each)')
    .action(async (paths: string[], opts: CheckOptions) => {
      process.exitCode = await runCheck(paths, opts);
    });
}

/**
 * `govcloud check PATH ...`: judges synth folders, `cdk.tf.json` files or plan JSON against the stack rule
 * catalogue. Exit 0 clean, 1 errors found, 2 unreadable input.
 */
export async function runCheck(paths: readonly string[], opts: CheckOptions): Promise<number> {
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { checkInputs, countCheckInputs } = await import('../../check/read-inputs');
    const { checkStacks } = await import('../../check/check-stacks');
    const { summarize } = await import('../../policy/report/check-report');
    const { renderReport } = await import('../../policy/report/formats/render-report');
    const config = loadConfig(opts.config);
    const shard = opts.shard ? parseShard(opts.shard) : undefined;
    const keep = (stack: string) => !shard || inShard(stack, shard);
    const total = countCheckInputs(paths, opts.tenant, keep);
    const progress = startProgress('govcloud check', 'stacks');
    let report;
    try {
      report = checkStacks(config, inShardOnly(checkInputs(paths, opts.tenant), shard), { today: opts.today, locateEditedStacks: true, onProgress: progress.update, total });
    } finally {
      progress.end();
    }
    const text = renderReport(report, opts.format, { color: useColour(!opts.output && opts.format === 'text'), verbose: opts.verbose === true });
    if (opts.output) {
      writeOutputFile('--output', opts.output, text);
      const s = summarize(report);
      console.error(`govcloud check: ${s.errors} errors, ${s.warnings} warnings, ${s.suppressed} suppressed in ${s.stacks} stacks; ${opts.format} report written to ${opts.output}`);
    } else {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
    return summarize(report).errors > 0 ? EXIT.refused : EXIT.ok;
  } catch (e) {
    return reportFailure('check', e);
  }
}

/** The documents of `docs` in `shard` (all without one), read one at a time as `docs` reads them. */
function* inShardOnly<T extends { readonly stack: string }>(docs: Iterable<T>, shard: ReturnType<typeof parseShard> | undefined): Generator<T> {
  for (const d of docs) if (!shard || inShard(d.stack, shard)) yield d;
}
