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
  const docs: StackDocument[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new UnreadableInputError(p, 'no such file or folder', 'pass a synth output folder, a cdk.tf.json or a plan JSON');
    if (fs.statSync(p).isDirectory()) {
      if (fs.existsSync(path.join(p, JOURNAL_FILE))) {
        throw new UnreadableInputError(p, 'holds the half-published output of a synth that was interrupted', `run govcloud synth --out ${p} again: it finishes the publish first`);
      }
      const stacksDir = fs.existsSync(path.join(p, 'stacks')) ? path.join(p, 'stacks') : p;
      const files = fs
        .readdirSync(stacksDir)
        .sort()
        .map((name) => path.join(stacksDir, name, 'cdk.tf.json'))
        .filter((f) => fs.existsSync(f));
      if (files.length === 0) throw new UnreadableInputError(p, 'no stacks/<name>/cdk.tf.json under it', 'run govcloud synth first, or pass the file itself');
      const stackOf = (f: string) => path.basename(path.dirname(f));
      const chosen = stackName === undefined ? files : files.filter((f) => stackOf(f) === stackName);
      if (chosen.length === 0) {
        throw new UnreadableInputError(
          p,
          `no stack of tenant ${stackName} under it (it holds ${files.map(stackOf).join(', ')})`,
          `name one of those with --tenant, or run govcloud synth --tenant ${stackName} --out ${p} first`,
        );
      }
      for (const f of chosen) docs.push(fromSynthJson(readTerraformJson(f), f, stackOf(f)));
      continue;
    }
    const json = readTerraformJson(p);
    if (isPlan(json)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const read = planReader ?? (require('../policy/terraform/plan-reader') as { fromPlanJson: PlanReader }).fromPlanJson;
      docs.push(read(json, p, stackName ?? path.basename(path.dirname(path.resolve(p)))));
    } else {
      docs.push(fromSynthJson(json, p, stackName));
    }
  }
  return docs;
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
