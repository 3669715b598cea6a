import { summarize } from '../policy/report/check-report';
import { renderReport, type ReportFormat } from '../policy/report/formats/render-report';
import { loadConfig } from '../loader/load-config';
import { checkStacks } from '../check/check-stacks';
import { readCheckInputs } from '../check/read-inputs';
import { EXIT } from './exit-codes';
import { useColour } from './terminal-colour';
import { writeOutputFile } from './output-file';
import { reportFailure } from './report-failure';
import { inShard, parseShard } from '../stacks/synth/shard';

/** Options of `govcloud check`. */
export interface CheckCommandOptions {
  readonly config: string;
  readonly format: ReportFormat;
  /** Write the report here instead of standard output. */
  readonly output?: string;
  /** Stack name of a single plan JSON whose folder is not named after its tenant. */
  readonly tenant?: string;
  /** Today's date (`YYYY-MM-DD`) for suppression expiry; tests pin it. */
  readonly today?: string;
  /** Check only the stacks of this `I/N` share (the same share `synth --shard` takes). */
  readonly shard?: string;
}

/**
 * `govcloud check PATH ...`: judges synth folders, `cdk.tf.json` files or plan JSON against the stack rule
 * catalogue. Exit 0 clean, 1 errors found, 2 unreadable input.
 */
export function runCheck(paths: readonly string[], opts: CheckCommandOptions): number {
  try {
    const config = loadConfig(opts.config);
    const shard = opts.shard ? parseShard(opts.shard) : undefined;
    const docs = readCheckInputs(paths, opts.tenant).filter((d) => !shard || inShard(d.stack, shard));
    const report = checkStacks(config, docs, { today: opts.today });
    const text = renderReport(report, opts.format, { color: useColour(!opts.output && opts.format === 'text') });
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
