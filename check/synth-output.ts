import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { RECOVERY_STACK_SUFFIX } from '../policy/tenant-rules/avl';

/**
 * The layout of a synth output folder, shared by the synth that writes it (`stacks/synth/`) and the commands
 * that read it (`check`, `diff`): cdktf's `stacks/<tenant>/cdk.tf.json` and `manifest.json`, and govcloud's own
 * records beside them.
 */

/** The record of what each stack was synthesized from; its presence marks a folder as govcloud's output. */
export const INPUTS_FILE = '.govcloud-inputs.json';

/**
 * The publish journal: present while a synth that committed has not yet moved every file into place. A reader
 * seeing it knows the folder is half old, half new.
 */
export const JOURNAL_FILE = '.govcloud-publish.json';

/** The records of one synth folder as last read, with the size and time of the file they were read from. */
let lastRecords: { file: string; size: number; mtimeMs: number; stacks: Record<string, { output?: unknown; recoveryOutput?: unknown }> | undefined } | undefined;

/**
 * The stack records of `OUT/`{@link INPUTS_FILE}, read once for every stack of a folder (`govcloud check` asks for
 * each of its stacks: reading the file each time made a 10,000-stack check quadratic), and again when the file
 * changes.
 */
function recordsOf(out: string): Record<string, { output?: unknown; recoveryOutput?: unknown }> | undefined {
  const file = path.join(out, INPUTS_FILE);
  const stat = fs.statSync(file);
  if (lastRecords?.file !== file || lastRecords.size !== stat.size || lastRecords.mtimeMs !== stat.mtimeMs) {
    const stacks = (JSON.parse(fs.readFileSync(file, 'utf8')) as { stacks?: unknown }).stacks;
    lastRecords = { file, size: stat.size, mtimeMs: stat.mtimeMs, stacks: typeof stacks === 'object' && stacks !== null ? (stacks as Record<string, { output?: unknown }>) : undefined };
  }
  return lastRecords.stacks;
}

/**
 * Whether `stackFile` (`OUT/stacks/<stack>/cdk.tf.json`) is byte for byte what the synth recorded in
 * `OUT/`{@link INPUTS_FILE}: false when it was edited since, or when no record of it is found (a copy outside
 * a synth folder, a file written by hand).
 */
export function isAsSynthesized(stackFile: string, stack: string): boolean {
  const out = path.dirname(path.dirname(path.dirname(path.resolve(stackFile))));
  try {
    const stacks = recordsOf(out);
    if (!stacks) return false;
    // A recovery stack is recorded with its tenant, from whose inputs it is written.
    const tenant = stack.endsWith(RECOVERY_STACK_SUFFIX) && !Object.prototype.hasOwnProperty.call(stacks, stack) ? stack.slice(0, -RECOVERY_STACK_SUFFIX.length) : stack;
    if (!Object.prototype.hasOwnProperty.call(stacks, tenant)) return false;
    const record = stacks[tenant];
    const recorded = tenant === stack ? record?.output : record?.recoveryOutput;
    return typeof recorded === 'string' && recorded === createHash('sha256').update(fs.readFileSync(stackFile)).digest('hex');
  } catch {
    return false;
  }
}
