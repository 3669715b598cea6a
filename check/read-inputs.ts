import * as fs from 'fs';
import * as path from 'path';
import { jsonSyntaxError } from '../policy/terraform/json-syntax-error';
import { fromSynthJson, UnreadableInputError } from '../policy/terraform/synth-reader';
import type { StackDocument } from '../policy/terraform/stack-document';
import { JOURNAL_FILE } from './synth-output';
import { readInputFile, TERRAFORM_JSON_MAX_BYTES } from '../loader/read-input-file';

/** A plan reader, loaded only when a plan is given (it is the larger module). */
type PlanReader = (json: unknown, file: string, stackName?: string) => StackDocument;

/**
 * Reads what `govcloud check PATH ...` was given: a synth output folder (every `stacks/<name>/cdk.tf.json`),
 * one `cdk.tf.json`, or the JSON of `terraform show -json PLANFILE`. A plan's stack is `stackName` if given,
 * else the name of the folder it sits in; of a synth folder, only the stack `stackName` is read when it is given
 * (an {@link UnreadableInputError} when the folder has none of that name). Throws {@link UnreadableInputError} (exit 2) for anything else.
 */
export function readCheckInputs(paths: readonly string[], stackName?: string, planReader?: PlanReader): StackDocument[] {
  return [...checkInputs(paths, stackName, planReader)];
}

/**
 * {@link readCheckInputs} one document at a time, each read when it is asked for, so a check of 10,000 stacks
 * holds one stack's JSON at a time, not all of them. A folder's problems (an interrupted synth, no stacks) are
 * thrown before its first document.
 */
export function* checkInputs(paths: readonly string[], stackName?: string, planReader?: PlanReader): Generator<StackDocument> {
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new UnreadableInputError(p, 'no such file or folder', 'pass a synth output folder, a cdk.tf.json or a plan JSON');
    if (fs.statSync(p).isDirectory()) {
      const folder = stackFolder(p);
      const names = [...folder.keys()];
      const chosen = stackName === undefined ? names : names.filter((n) => n === stackName);
      if (chosen.length === 0) {
        throw new UnreadableInputError(
          p,
          `no stack of tenant ${stackName} under it (it holds ${names.join(', ')})`,
          `name one of those with --tenant, or run govcloud synth --tenant ${stackName} --out ${p} first`,
        );
      }
      for (const name of chosen) yield folder.get(name)!;
      continue;
    }
    const json = readTerraformJson(p);
    if (isPlan(json)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const read = planReader ?? (require('../policy/terraform/plan-reader') as { fromPlanJson: PlanReader }).fromPlanJson;
      yield read(json, p, stackName ?? path.basename(path.dirname(path.resolve(p))));
    } else {
      yield fromSynthJson(json, p, stackName);
    }
  }
}

/**
 * How many documents {@link checkInputs} yields for these paths of which `keep` keeps the stack, counted without
 * reading any (a folder's stack names, one per file): the total of a progress indicator.
 */
export function countCheckInputs(paths: readonly string[], stackName: string | undefined, keep: (stack: string) => boolean): number {
  let n = 0;
  for (const p of paths) {
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) {
      for (const name of stackFolder(p).keys()) if ((stackName === undefined || name === stackName) && keep(name)) n++;
    } else n++;
  }
  return n;
}

/** The stacks of a synth output folder by name, each read from its file when asked for. */
export interface StackFolder {
  /** The stack names, sorted. */
  keys(): IterableIterator<string>;
  /** The stack `name`, read now (undefined when the folder has none); throws {@link UnreadableInputError} when its file cannot be read. */
  get(name: string): StackDocument | undefined;
}

/**
 * The synth output folder `dir` (or its `stacks/` folder) as a {@link StackFolder}. Throws
 * {@link UnreadableInputError} when it holds a half-published output or no stack.
 */
export function stackFolder(dir: string): StackFolder {
  if (fs.existsSync(path.join(dir, JOURNAL_FILE))) {
    throw new UnreadableInputError(dir, 'holds the half-published output of a synth that was interrupted', `run govcloud synth --out ${dir} again: it finishes the publish first`);
  }
  const stacksDir = fs.existsSync(path.join(dir, 'stacks')) ? path.join(dir, 'stacks') : dir;
  const fileOf = new Map(
    fs
      .readdirSync(stacksDir)
      .sort()
      .map((name) => [name, path.join(stacksDir, name, 'cdk.tf.json')] as const)
      .filter(([, f]) => fs.existsSync(f)),
  );
  if (fileOf.size === 0) throw new UnreadableInputError(dir, 'no stacks/<name>/cdk.tf.json under it', 'run govcloud synth first, or pass the file itself');
  return {
    keys: () => fileOf.keys(),
    get: (name) => {
      const file = fileOf.get(name);
      return file === undefined ? undefined : fromSynthJson(readTerraformJson(file), file, name);
    },
  };
}

/**
 * Parses a Terraform JSON file (`cdk.tf.json`, `terraform show -json` output) that `govcloud check` or `review`
 * was given. Only a regular file of at most {@link TERRAFORM_JSON_MAX_BYTES} is read; anything else, and text
 * that is not JSON, is an {@link UnreadableInputError} (exit 2).
 */
export function readTerraformJson(file: string): unknown {
  const read = readInputFile(file, { maxBytes: TERRAFORM_JSON_MAX_BYTES });
  if ('refused' in read) throw new UnreadableInputError(file, `not read: ${read.refused}${read.line ? ` (line ${read.line})` : ''}`, read.fix);
  try {
    return JSON.parse(read.text) as unknown;
  } catch (e) {
    throw new UnreadableInputError(file, `not valid JSON (${jsonSyntaxError(e)})`, 'pass a cdk.tf.json or the output of terraform show -json PLANFILE');
  }
}

/** Terraform's JSON plan carries `format_version` and `planned_values`; a configuration does not. */
function isPlan(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'format_version' in json && ('planned_values' in json || 'resource_changes' in json);
}
