import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { OutputDiff, RiskLabel } from '../policy/diff/diff-model';
import { diffOutputs } from '../policy/diff/stack-diff';
import type { StackDocument } from '../policy/terraform/stack-document';
import { renderDiff, type DiffFormat } from '../policy/report/diff-formats';
import { labelCounts } from '../policy/report/diff-formats/diff-facts';
import { loadConfig } from '../loader/load-config';
import { readCheckInputs } from '../check/read-inputs';
import { configAtRevision } from '../pipeline/git-config';
import { EXIT } from './exit-codes';
import { reportFailure } from './report-failure';
import { useColour } from './terminal-colour';
import { writeOutputFile } from './output-file';
import { UsageError } from '../loader/usage-error';

/** Options of `govcloud diff`. */
export interface DiffCommandOptions {
  readonly config: string;
  readonly format: DiffFormat;
  /** Compare the config at this git revision with the working tree's. */
  readonly git?: string;
  /** Labels that make the command exit 1 (for CI). */
  readonly failOn: readonly RiskLabel[];
  readonly output?: string;
}

/**
 * `govcloud diff BASE HEAD` compares two synth output folders; `govcloud diff --git REF` synthesizes REF's
 * config and the working tree's into temporary folders (removed afterwards) and compares them.
 */
export function runDiff(folders: readonly string[], opts: DiffCommandOptions): number {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-diff-'));
  try {
    const config = loadConfig(opts.config);
    let base: string;
    let head: string;
    let labels: { base: string; head: string };
    if (opts.git) {
      if (folders.length) throw usage('with --git, give no folders: the working tree is compared with the revision');
      // Loaded lazily: comparing two folders needs no cdktf and no provider binding.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { synthesizeTenants } = require('../stacks/synth') as typeof import('../stacks/synth');
      const baseConfig = loadConfig(configAtRevision(opts.git, opts.config, path.join(scratch, 'base-config')));
      base = path.join(scratch, 'base');
      head = path.join(scratch, 'head');
      synthesizeTenants(baseConfig, { outDir: base });
      synthesizeTenants(config, { outDir: head });
      labels = { base: `git:${opts.git}`, head: 'working tree' };
    } else {
      if (folders.length !== 2) throw usage('give two synth output folders, BASE and HEAD, or --git REF');
      [base, head] = folders;
      labels = { base, head };
    }
    const diff = diffOutputs(byStack(readCheckInputs([base])), byStack(readCheckInputs([head])), [...config.sites.values()], labels);
    const text = renderDiff(diff, opts.format, { color: useColour(!opts.output && opts.format === 'text') });
    if (opts.output) writeOutputFile('--output', opts.output, text);
    else process.stdout.write(text);
    const failed = failingLabels(diff, opts.failOn);
    if (failed.length) console.error(`govcloud diff: exit 1: changes carry ${failed.join(', ')} (--fail-on ${opts.failOn.join(',')})`);
    return failed.length ? EXIT.refused : EXIT.ok;
  } catch (e) {
    return reportFailure('diff', e);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function byStack(docs: readonly StackDocument[]): Map<string, StackDocument> {
  return new Map(docs.map((d) => [d.stack, d]));
}

/** The `--fail-on` labels the diff carries, each with how many changes carry it (`residency (2)`). */
function failingLabels(diff: OutputDiff, failOn: readonly RiskLabel[]): string[] {
  const counts = labelCounts(diff);
  return failOn.filter((l) => counts[l] > 0).map((l) => `${l} (${counts[l]} change${counts[l] === 1 ? '' : 's'})`);
}

function usage(message: string): UsageError {
  return new UsageError([{ file: 'govcloud diff', field: 'arguments', message, fix: 'govcloud diff BASE_DIR HEAD_DIR, or govcloud diff --git REF' }]);
}
