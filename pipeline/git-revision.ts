import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../loader/usage-error';
import { STACK_CODE_FOLDERS } from '../stacks/synth/incremental';

/** The git repository holding a config folder, and where the folder is in it. */
export interface ConfigRepository {
  /** Absolute path of the repository's working tree (`git rev-parse --show-toplevel`). */
  readonly top: string;
  /** The config folder relative to `top`, with `/` separators (`config`). */
  readonly configPath: string;
}

/** The repository of `configDir`; a folder outside any git repository is bad input. */
export function configRepository(configDir: string): ConfigRepository {
  const abs = path.resolve(configDir);
  const top = git(['rev-parse', '--show-toplevel'], fs.existsSync(abs) ? abs : process.cwd(), {
    message: `the config folder is not in a git repository`,
    fix: 'run govcloud pipeline --changed-since from the repository that holds the config, or leave out --changed-since',
  }).trim();
  const configPath = path.relative(top, abs).split(path.sep).join('/');
  if (configPath.startsWith('..')) {
    throw new UsageError([{ file: configDir, field: '--changed-since', message: `the config folder is outside the git repository at ${top}`, fix: 'run govcloud pipeline from the repository that holds the config' }]);
  }
  return { top, configPath };
}

/**
 * The full commit id of `ref`. A revision git does not know is bad input, and so is one that starts with `-`,
 * which git would read as an option.
 */
export function resolveRevision(repo: ConfigRepository, ref: string): string {
  const fix = 'pass a revision git knows, e.g. HEAD~1, main or $CI_MERGE_REQUEST_DIFF_BASE_SHA (fetch it first in a shallow clone: GIT_DEPTH: "0")';
  if (ref === '' || ref.startsWith('-')) {
    throw new UsageError([{ file: repo.top, field: '--changed-since', message: `"${ref}" is not a git revision`, fix }]);
  }
  return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], repo.top, { message: `unknown git revision "${ref}"`, fix }).trim();
}

/**
 * Paths (relative to the repository, `/` separators) that differ between `commit` and the working tree:
 * changed, added or removed since, plus untracked files git does not ignore.
 */
export function changedPaths(repo: ConfigRepository, commit: string): string[] {
  const failure = { message: `git could not list the changes since ${commit}`, fix: 'check that the repository is not corrupt' };
  const changed = git(['diff', '--name-only', '--no-renames', commit, '--'], repo.top, failure);
  const untracked = git(['ls-files', '--others', '--exclude-standard'], repo.top, failure);
  return [...new Set(`${changed}\n${untracked}`.split('\n').filter(Boolean))].sort();
}

/**
 * Paths whose change changes what the toolkit synthesizes, relative to the repository: the dependency manifests at
 * its top (a config repository upgrades the toolkit through them), and, where the toolkit's own sources are in
 * the repository, its manifests and its `policy/`, `constructs/` and `stacks/` folders (the code
 * `toolkitFingerprint` in incremental.ts hashes). A folder ends with `/`.
 */
export function toolkitPaths(repo: ConfigRepository): string[] {
  const paths = ['package.json', 'package-lock.json'];
  const rel = path.relative(repo.top, toolkitRoot()).split(path.sep).join('/');
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
    const prefix = rel ? `${rel}/` : '';
    paths.push(...['package.json', 'package-lock.json', ...STACK_CODE_FOLDERS.map((f) => `${f}/`)].map((p) => `${prefix}${p}`));
  }
  return [...new Set(paths)].sort();
}

/** Whether `file` is one of `paths` or inside one of its folders. */
export function matchesPath(file: string, paths: readonly string[]): boolean {
  return paths.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
}

/** The folder holding the toolkit's package.json: the repository root, whether running from dist/ or from sources. */
function toolkitRoot(): string {
  let root = __dirname;
  while (root !== path.dirname(root) && !fs.existsSync(path.join(root, 'package.json'))) root = path.dirname(root);
  return root;
}

function git(args: string[], cwd: string, failure: { message: string; fix: string }): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw new UsageError([{ file: cwd, field: '--changed-since', message: `git is not available (${r.error.message})`, fix: 'install git, or leave out --changed-since' }]);
  if (r.status !== 0) throw new UsageError([{ file: cwd, field: '--changed-since', ...failure }]);
  return r.stdout;
}
