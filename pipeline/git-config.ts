import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../loader/usage-error';

/**
 * Extracts the config folder as it was at git revision `ref` into `into` (with `git archive`, so the working
 * tree and its index are never touched) and returns the path of the extracted config folder. The caller
 * removes `into`. A revision git does not know, or a config folder it did not have, is bad input.
 */
export function configAtRevision(ref: string, configDir: string, into: string): string {
  const abs = path.resolve(configDir);
  const top = git(['rev-parse', '--show-toplevel'], path.dirname(abs) === abs ? abs : fs.existsSync(abs) ? abs : process.cwd()).trim();
  const rel = path.relative(top, abs).split(path.sep).join('/');
  if (rel.startsWith('..')) {
    throw new UsageError([{ file: configDir, field: '--git', message: `the config folder is outside the git repository at ${top}`, fix: 'run govcloud diff --git from the repository that holds the config' }]);
  }
  git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top, `unknown git revision "${ref}"`);
  fs.mkdirSync(into, { recursive: true });
  const archive = spawnSync('git', ['archive', '--format=tar', ref, '--', rel || '.'], { cwd: top, maxBuffer: 1 << 30 });
  if (archive.status !== 0) {
    throw new UsageError([{ file: configDir, field: '--git', message: `revision ${ref} has no ${rel} (${archive.stderr.toString().trim()})`, fix: 'pick a revision that has the config folder' }]);
  }
  const untar = spawnSync('tar', ['-x', '-C', into], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar could not extract the archive of ${ref}: ${untar.stderr.toString()}`);
  return path.join(into, rel);
}

function git(args: string[], cwd: string, unknown?: string): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new UsageError([{ file: cwd, field: '--git', message: `git is not available (${r.error.message})`, fix: 'install git, or compare two synth folders' }]);
  if (r.status !== 0) {
    throw new UsageError([{ file: cwd, field: '--git', message: unknown ?? `git ${args.join(' ')} failed: ${r.stderr.trim()}`, fix: 'pass a revision git knows, e.g. HEAD~1 or main' }]);
  }
  return r.stdout;
}
