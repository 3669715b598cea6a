import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Command } from 'commander';
import type { RiskLabel } from '../../policy/diff/diff-model';
import type { StackSource } from '../../policy/diff/stack-diff';
import { DIFF_FORMATS, type DiffFormat } from '../../policy/report/diff-formats/diff-format';
import { UsageError } from '../../loader/usage-error';
import { configOption, FAIL_ON_LABELS, failOnLabels, failOnOption, formatOption, outputOption } from '../options';
import { writeOutputFile } from '../output-file';
import { reportFailure } from '../report-failure';
import { useColour } from '../terminal-colour';
import { EXIT } from '../exit-codes';
import { startProgress } from '../progress';

/** Options of `govcloud diff`, as declared below. */
export interface DiffOptions {
  /** Compare the config at this git revision with the working tree's. */
  readonly git?: string;
  readonly format: DiffFormat;
  /** Labels that make the command exit 1 (for CI), comma-separated; read by {@link failOnLabels}. */
  readonly failOn: string;
  readonly output?: string;
  readonly config: string;
}

/** Declares `govcloud diff`. */
export function register(program: Command): void {
  program
    .command('diff')
    .description('Compare two synth output folders, or the working tree with a git revision (--git REF), tenant by tenant, with risk labels.')
    .argument('[folders...]', 'BASE and HEAD synth output folders')
    .option('--git <ref>', "synthesize the config at REF and the working tree's, and compare them")
    .addOption(formatOption(DIFF_FORMATS))
    .addOption(failOnOption(`exit 1 when a change carries one of these labels (comma-separated: ${FAIL_ON_LABELS.join(',')})`))
    .addOption(outputOption('report'))
    .addOption(configOption('config folder (site catalogue for the labels; with --git, the folder compared)'))
    .action(async (folders: string[], opts: DiffOptions) => {
      process.exitCode = await runDiff(folders, opts);
    });
}

/**
 * `govcloud diff BASE HEAD` compares two synth output folders; `govcloud diff --git REF` synthesizes REF's
 * config and the working tree's into temporary folders (removed afterwards) and compares them.
 */
export async function runDiff(folders: readonly string[], opts: DiffOptions): Promise<number> {
  const failOn = failOnLabels('diff', opts.failOn);
  if (!failOn) return EXIT.badInput;
  const { loadConfig } = await import('../../loader/load-config');
  const inputs = await import('../../check/read-inputs');
  const { diffOutputs } = await import('../../policy/diff/stack-diff');
  const { renderDiff } = await import('../../policy/report/diff-formats');
  const { labelCounts } = await import('../../policy/report/diff-formats/diff-facts');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-diff-'));
  try {
    const config = loadConfig(opts.config);
    let base: string;
    let head: string;
    let labels: { base: string; head: string };
    if (opts.git) {
      if (folders.length) throw usage('with --git, give no folders: the working tree is compared with the revision');
      // Only --git synthesizes: comparing two folders needs no cdktf and no provider binding.
      const { synthesizeTenants } = await import('../../stacks/synth');
      const { configAtRevision } = await import('../../pipeline/git-config');
      const baseConfig = loadConfig(configAtRevision(opts.git, opts.config, path.join(scratch, 'base-config')));
      base = path.join(scratch, 'base');
      head = path.join(scratch, 'head');
      for (const [side, sideConfig, outDir] of [[`git:${opts.git}`, baseConfig, base], ['working tree', config, head]] as const) {
        const progress = startProgress(`govcloud diff: synth of ${side}`, 'tenants');
        try {
          synthesizeTenants(sideConfig, { outDir, onProgress: progress.update });
        } finally {
          progress.end();
        }
      }
      labels = { base: `git:${opts.git}`, head: 'working tree' };
    } else {
      if (folders.length !== 2) throw usage('give two synth output folders, BASE and HEAD, or --git REF');
      [base, head] = folders;
      labels = { base, head };
    }
    // Each stack is read when the diff comes to it, so memory holds two stacks at a time, not two outputs.
    const diff = diffOutputs(stacksOf(base, inputs), stacksOf(head, inputs), [...config.sites.values()], labels);
    const text = renderDiff(diff, opts.format, { color: useColour(!opts.output && opts.format === 'text') });
    if (opts.output) writeOutputFile('--output', opts.output, text);
    else process.stdout.write(text);
    const failed = failingLabels(labelCounts(diff), failOn);
    if (failed.length) console.error(`govcloud diff: exit 1: changes carry ${failed.join(', ')} (--fail-on ${failOn.join(',')})`);
    return failed.length ? EXIT.refused : EXIT.ok;
  } catch (e) {
    return reportFailure('diff', e);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The stacks of a synth output folder, read when asked for; those of a single stack file given instead of a
 * folder, read now (as `check` takes either).
 */
function stacksOf(p: string, inputs: typeof import('../../check/read-inputs')): StackSource {
  if (fs.existsSync(p) && fs.statSync(p).isDirectory()) return inputs.stackFolder(p);
  return new Map(inputs.readCheckInputs([p]).map((d) => [d.stack, d]));
}

/** The `--fail-on` labels the diff carries, each with how many changes carry it (`residency (2)`). */
function failingLabels(counts: Readonly<Record<RiskLabel, number>>, failOn: readonly RiskLabel[]): string[] {
  return failOn.filter((l) => counts[l] > 0).map((l) => `${l} (${counts[l]} change${counts[l] === 1 ? '' : 's'})`);
}

function usage(message: string): UsageError {
  return new UsageError([{ file: 'govcloud diff', field: 'arguments', message, fix: 'govcloud diff BASE_DIR HEAD_DIR, or govcloud diff --git REF' }]);
}
