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

/** One tenant's record in {@link INPUTS_FILE}. */
export interface StackRecord {
  /** SHA-256 of everything the stack is made from: tenant file, site catalogue, classifications, toolkit. */
  readonly inputs: string;
  /** SHA-256 of the `cdk.tf.json` written from them, so a stack edited since is rebuilt. */
  readonly output: string;
  /**
   * SHA-256 of the tenant's recovery stack (`<tenant>-recovery`), written from the same inputs, so an edited
   * recovery stack is rebuilt too and `govcloud check` knows it from one synth wrote.
   * @default undefined - the tenant declares no recovery site
   */
  readonly recoveryOutput?: string;
}

/**
 * The records of the last synth into `outDir`, by tenant; empty when there was none or the file is unreadable.
 * A Map, not the parsed object: a tenant name looked up in a plain object could find `Object.prototype`'s members.
 */
export function readRecords(outDir: string): Map<string, StackRecord> {
  try {
    const stacks = (JSON.parse(fs.readFileSync(path.join(outDir, INPUTS_FILE), 'utf8')) as { stacks?: unknown }).stacks;
    if (typeof stacks !== 'object' || stacks === null) return new Map();
    return new Map(Object.entries(stacks as Record<string, StackRecord>));
  } catch {
    return new Map();
  }
}

/** SHA-256 of a stack file, or undefined when it does not exist. */
export function outputHash(file: string): string | undefined {
  return fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : undefined;
}

/** The records of one synth folder as last read, with the size and time of the file they were read from. */
let lastRecords: { file: string; size: number; mtimeMs: number; records: Map<string, StackRecord> } | undefined;

/**
 * {@link readRecords} of `out`, read once for every stack of a folder (`govcloud check` asks for each of its
 * stacks: reading the file each time made a 10,000-stack check quadratic), and again when the file changes.
 */
function recordsOf(out: string): Map<string, StackRecord> {
  const file = path.join(out, INPUTS_FILE);
  const stat = fs.statSync(file);
  if (lastRecords?.file !== file || lastRecords.size !== stat.size || lastRecords.mtimeMs !== stat.mtimeMs) {
    lastRecords = { file, size: stat.size, mtimeMs: stat.mtimeMs, records: readRecords(out) };
  }
  return lastRecords.records;
}

/**
 * Whether `stackFile` (`OUT/stacks/<stack>/cdk.tf.json`) is byte for byte what the synth recorded in
 * `OUT/`{@link INPUTS_FILE}: false when it was edited since, or when no record of it is found (a copy outside
 * a synth folder, a file written by hand).
 */
export function isAsSynthesized(stackFile: string, stack: string): boolean {
  const out = path.dirname(path.dirname(path.dirname(path.resolve(stackFile))));
  try {
    const records = recordsOf(out);
    // A recovery stack is recorded with its tenant, from whose inputs it is written.
    const tenant = stack.endsWith(RECOVERY_STACK_SUFFIX) && !records.has(stack) ? stack.slice(0, -RECOVERY_STACK_SUFFIX.length) : stack;
    const record = records.get(tenant);
    const recorded = tenant === stack ? record?.output : record?.recoveryOutput;
    return typeof recorded === 'string' && recorded === outputHash(stackFile);
  } catch {
    return false;
  }
}
