import * as fs from 'fs';
import * as path from 'path';
import { INPUTS_FILE, JOURNAL_FILE } from '../../check/synth-output';
import { removeOwnFiles, SCRATCH_PREFIX } from './output-folder';

// The publish journal (JOURNAL_FILE) is written into the output folder when a synth commits and removed when its
// files are all in place. While it exists, the output is logically the new one; the next synth (or plan) into the
// folder finishes the moves it lists before doing anything else.

/** What a journal lists; every path is relative to the output folder (moves: from the scratch folder). */
interface Journal {
  readonly version: 1;
  /** Name of the scratch folder inside the output that holds the files to move. */
  readonly scratch: string;
  /** Files to move from the scratch folder to the same path in the output, in order. */
  readonly moves: readonly string[];
  /** Stack files of tenants that are gone, to delete. */
  readonly deletes: readonly string[];
  /** The tenants whose stack folders are then removed, when nothing else is in them. */
  readonly removedStacks: readonly string[];
}

/** A removed tenant's stack folder that was kept, because it holds files govcloud did not write. */
export interface KeptStack {
  readonly tenant: string;
  /** The folder, as given (relative to the working folder when the output was). */
  readonly dir: string;
  /** What is in it, relative to it (`terraform.tfstate`, `.terraform`). */
  readonly holds: readonly string[];
}

/** What to publish from a scratch folder, whose `stacks/`, `manifest.json` and records are complete. */
export interface PublishPlan {
  /** Tenants whose `stacks/<tenant>/cdk.tf.json` is in the scratch folder. */
  readonly built: readonly string[];
  /** Tenants whose stack file is deleted from the output. */
  readonly removed: readonly string[];
  /** Other files govcloud wrote in the scratch folder (the OpenBao sites' `sites/<id>/openbao-audit.hcl`), to move. */
  readonly files?: readonly string[];
  /** Such files of an earlier synth that this one did not write, to delete. */
  readonly deletedFiles?: readonly string[];
}

const STACK_FILE = (tenant: string) => `stacks/${tenant}/cdk.tf.json`;

/**
 * Publishes `scratch` (a folder inside `outDir`) into `outDir` in place: every built stack file, `manifest.json`
 * and the records replace their old versions by rename, the stack files of removed tenants are deleted, and a
 * removed tenant's folder is removed only when nothing else is left in it. Nothing govcloud did not write is
 * touched: state, `.terraform/`, lock files and saved plans stay where they are.
 *
 * The journal makes the publish all-or-nothing: it is renamed into place (the commit) before the first file
 * moves, and removed after the last; a synth killed in between is finished by {@link finishInterruptedPublish}.
 * `afterStep` is called after each step (for tests that interrupt it).
 */
export function publishOutput(outDir: string, scratch: string, plan: PublishPlan, afterStep: (step: string) => void = () => {}): KeptStack[] {
  const journal: Journal = {
    version: 1,
    scratch: path.basename(scratch),
    moves: [...plan.built.map(STACK_FILE), ...(plan.files ?? []), 'manifest.json', INPUTS_FILE],
    deletes: [...plan.removed.map(STACK_FILE), ...(plan.deletedFiles ?? [])],
    removedStacks: [...plan.removed],
  };
  const staged = path.join(scratch, JOURNAL_FILE);
  fs.writeFileSync(staged, `${JSON.stringify(journal, null, 2)}\n`);
  fs.renameSync(staged, path.join(outDir, JOURNAL_FILE));
  afterStep('commit');
  return applyJournal(outDir, journal, afterStep);
}

/**
 * Finishes the publish of a synth that was interrupted after its commit, if `outDir` holds a journal. Returns
 * the stacks it kept (see {@link publishOutput}). A journal that lists anything but govcloud's own files is not
 * followed (it was not written by govcloud) and is reported instead.
 */
export function finishInterruptedPublish(outDir: string): KeptStack[] {
  const file = path.join(outDir, JOURNAL_FILE);
  if (!fs.existsSync(file)) return [];
  const journal = readJournal(file);
  if (!journal) {
    throw new Error(`${file} is not a publish journal govcloud wrote; move it away after checking ${outDir}, then synthesize again`);
  }
  return applyJournal(outDir, journal);
}

function applyJournal(outDir: string, journal: Journal, afterStep: (step: string) => void = () => {}): KeptStack[] {
  const scratch = path.join(outDir, journal.scratch);
  // cdktf's layout has `stacks/` even when a shard holds no tenant, so readers can list it.
  fs.mkdirSync(path.join(outDir, 'stacks'), { recursive: true });
  for (const rel of journal.moves) {
    const from = path.join(scratch, rel);
    // Moved already by the run that was interrupted.
    if (!fs.existsSync(from)) continue;
    const to = path.join(outDir, rel);
    if (!movedWithItsFolder(from, to)) {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.renameSync(from, to);
    }
    afterStep(`move ${rel}`);
  }
  for (const rel of journal.deletes) {
    fs.rmSync(path.join(outDir, rel), { force: true });
    // A site's artefact folder goes with its last file, if nothing else is in it.
    if (rel.startsWith('sites/')) removeIfEmpty(outDir, path.dirname(rel));
    afterStep(`delete ${rel}`);
  }
  const kept: KeptStack[] = [];
  for (const tenant of journal.removedStacks) {
    const dir = path.join(outDir, 'stacks', tenant);
    if (!fs.existsSync(dir)) continue;
    const holds = fs.readdirSync(dir).sort();
    if (holds.length === 0) fs.rmdirSync(dir);
    else kept.push({ tenant, dir, holds });
  }
  fs.rmSync(path.join(outDir, JOURNAL_FILE), { force: true });
  afterStep('journal removed');
  if (fs.existsSync(scratch)) removeOwnFiles(scratch, [JOURNAL_FILE]);
  return kept;
}

/**
 * Moves the stack file `from` to `to` by renaming its scratch folder into place, when `to`'s folder does not exist
 * yet and `from`'s folder holds nothing else: one rename instead of creating the new folder and, later, removing
 * the scratch one (at 1,000 new stacks, 0.46 s of the publish's 0.51 s on ext4 went to those). Returns false, having
 * changed nothing, when it does not apply or the rename fails (a folder made at `to` meanwhile, say): the caller
 * then moves the file alone. A rename never replaces a folder that holds anything.
 */
function movedWithItsFolder(from: string, to: string): boolean {
  const folder = path.dirname(from);
  if (path.basename(path.dirname(folder)) !== 'stacks') return false;
  try {
    // Anything at the destination, a link that leads nowhere included, and the file moves alone.
    if (fs.lstatSync(path.dirname(to), { throwIfNoEntry: false })) return false;
    const held = fs.readdirSync(folder);
    if (held.length !== 1 || held[0] !== path.basename(from)) return false;
    fs.renameSync(folder, path.dirname(to));
    return true;
  } catch {
    return false;
  }
}

/** Removes `rel` (a folder inside `outDir`) and then its parents up to `outDir`, as long as each is empty. */
function removeIfEmpty(outDir: string, rel: string): void {
  for (let dir = rel; dir !== '.' && dir !== ''; dir = path.dirname(dir)) {
    const abs = path.join(outDir, dir);
    if (!fs.existsSync(abs) || fs.readdirSync(abs).length > 0) return;
    fs.rmdirSync(abs);
  }
}

/** Only govcloud's own file names, at the places govcloud writes them, from a scratch folder inside the output. */
function readJournal(file: string): Journal | undefined {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
    const tenantName = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
    const ownPath = (rel: unknown) =>
      typeof rel === 'string' &&
      (rel === 'manifest.json' || rel === INPUTS_FILE || /^stacks\/[A-Za-z0-9][A-Za-z0-9_-]*\/cdk\.tf\.json$/.test(rel) || /^sites\/[A-Za-z0-9][A-Za-z0-9_-]*\/openbao-audit\.hcl$/.test(rel));
    const ok =
      j.version === 1 &&
      typeof j.scratch === 'string' &&
      j.scratch.startsWith(SCRATCH_PREFIX) &&
      !/[\\/]|\.\./.test(j.scratch) &&
      Array.isArray(j.moves) &&
      j.moves.every(ownPath) &&
      Array.isArray(j.deletes) &&
      j.deletes.every(ownPath) &&
      Array.isArray(j.removedStacks) &&
      j.removedStacks.every((t) => typeof t === 'string' && tenantName.test(t));
    return ok ? j : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes what dead synths left: scratch folders inside `outDir` other than `current`, and the `<out>.tmp-*` and
 * `<out>.old-*` folders earlier versions of govcloud left beside it. Only govcloud's own files are deleted; what
 * else such a folder holds is left in place and returned (as paths), for the caller to report. Call it only
 * while holding the output's lock, so no live synth's scratch is touched.
 */
export function removeStaleScratch(outDir: string, current?: string): string[] {
  const left: string[] = [];
  const sweep = (dir: string) => left.push(...removeOwnFiles(dir, [JOURNAL_FILE]).map((r) => path.join(dir, r)));
  for (const name of fs.readdirSync(outDir)) {
    const dir = path.join(outDir, name);
    if (name.startsWith(SCRATCH_PREFIX) && dir !== current && fs.lstatSync(dir).isDirectory()) sweep(dir);
  }
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  const legacy = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp-[A-Za-z0-9]{6}|old-\\d+)$`);
  for (const name of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
    const dir = path.join(parent, name);
    if (legacy.test(name) && fs.lstatSync(dir).isDirectory()) sweep(dir);
  }
  return left;
}
