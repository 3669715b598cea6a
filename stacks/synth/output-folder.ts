import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INPUTS_FILE } from '../../check/synth-output';
import { UsageError } from '../../loader/usage-error';
import { OPENBAO_AUDIT_FILE_NAME } from '../../policy/site-audit';

/**
 * What govcloud writes in its output folder, and so the only files it ever replaces or deletes there: each
 * tenant's and each site's `stacks/<name>/cdk.tf.json`, an OpenBao site's `sites/<id>/openbao-audit.hcl`, cdktf's
 * `manifest.json`, and its own records. Everything else in the
 * folder (Terraform state, `.terraform/`, `.terraform.lock.hcl`, saved plans, a user's notes) is not govcloud's
 * and survives every synth.
 */
export const OWN_FILE_NAMES: ReadonlySet<string> = new Set(['cdk.tf.json', 'manifest.json', OPENBAO_AUDIT_FILE_NAME, INPUTS_FILE]);

/** The record that marks a folder as govcloud's own output: only such a folder (or a new or empty one) is written to. */
export const OUTPUT_MARK = INPUTS_FILE;

/** Scratch folders inside the output, one per running synth: `.govcloud-tmp-<pid>-<random>`. */
export const SCRATCH_PREFIX = '.govcloud-tmp-';

/** What {@link claimOutputFolder} found. */
export interface ClaimedOutput {
  /** The output folder, resolved. */
  readonly dir: string;
  /** True when the folder did not exist and was created now, so a failed synth removes it again. */
  readonly created: boolean;
}

/**
 * Makes sure `outDir` is a folder govcloud may write its output into, and creates it if it does not exist.
 * Refused ({@link UsageError}, exit 2), before anything is written: `/`, the home folder, the working folder,
 * the config folder or a folder holding it, a path that is not a folder, and a folder that exists, is not empty
 * and carries no {@link OUTPUT_MARK} (govcloud did not write it).
 */
export function claimOutputFolder(outDir: string, configDir?: string): ClaimedOutput {
  const dir = path.resolve(outDir);
  const refuse = (message: string, fix: string): never => {
    throw new UsageError([{ file: outDir, field: '--out', message, fix }]);
  };
  const fix = 'name a new folder, an empty one, or the folder an earlier govcloud synth wrote (default cdktf.out)';
  if (dir === path.parse(dir).root) refuse('is the root of the file system', fix);
  if (dir === path.resolve(os.homedir())) refuse('is your home folder', fix);
  if (dir === path.resolve(process.cwd())) refuse('is the working folder', fix);
  if (configDir !== undefined) {
    const config = path.resolve(configDir);
    if (config === dir) refuse('is the config folder', fix);
    if (config.startsWith(dir + path.sep)) refuse(`holds the config folder ${configDir}`, fix);
  }
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    stat = undefined;
  }
  if (!stat) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    try {
      // Not recursive: of two synths racing to create it, only one may think it did (and remove it on failure).
      fs.mkdirSync(dir);
      return { dir, created: true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return claimOutputFolder(outDir, configDir);
    }
  }
  if (!stat.isDirectory()) refuse('exists and is not a folder', fix);
  const entries = fs.readdirSync(dir);
  if (entries.length > 0 && !entries.includes(OUTPUT_MARK)) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', ...' : '');
    refuse(`exists, is not empty (${shown}) and has no ${OUTPUT_MARK}: govcloud did not write it, and replaces only its own output`, fix);
  }
  return { dir, created: false };
}

/**
 * Deletes the files govcloud writes ({@link OWN_FILE_NAMES}, and its publish journal) under `dir`, then every
 * folder left empty, `dir` included. Anything else stays where it is; its paths (relative to `dir`) are returned
 * so the caller can say what it kept. Symbolic links are never followed.
 */
export function removeOwnFiles(dir: string, alsoOwn: readonly string[] = []): string[] {
  const own = new Set([...OWN_FILE_NAMES, ...alsoOwn]);
  const kept: string[] = [];
  const walk = (d: string, rel: string): boolean => {
    let empty = true;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!walk(p, r)) empty = false;
      } else if (e.isFile() && own.has(e.name)) {
        fs.unlinkSync(p);
      } else {
        kept.push(r);
        empty = false;
      }
    }
    if (empty) fs.rmdirSync(d);
    return empty;
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return kept;
}
