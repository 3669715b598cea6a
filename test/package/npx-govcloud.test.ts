import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { npmEnv, ROOT } from './scratch-app';

/**
 * The README writes every command `npx govcloud ...`: `npm ci` links no package's own `bin`, and npx, run in the
 * repository, links the package's bin in its cache to `dist/cli/govcloud.js` (never asking the registry with
 * `--no-install`). `npm run build` rewrites that file, so the build must leave it executable, or the link npx
 * made before a rebuild fails with "Permission denied".
 */
describe('npx govcloud in the repository', () => {
  it('finds the built bin executable, with its node shebang', () => {
    const bin = path.join(ROOT, 'dist/cli/govcloud.js');
    expect(fs.statSync(bin).mode & 0o111).toBe(0o111);
    expect(fs.readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('runs the package bin without the registry and passes its exit code and its output through', () => {
    // One run shows both: govcloud's own message (so the bin npx found is this package's, started and run) and
    // its exit code 2 (bad arguments), not npx's.
    const r = spawnSync('npx', ['--no-install', 'govcloud', 'where', 'no-such-classification'], { cwd: ROOT, env: npmEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toContain('govcloud where: invalid arguments (1 problem)');
    expect(r.stderr).toContain('"no-such-classification" is neither a classification nor a tenant of config');
    expect(r.status).toBe(2);
  });
});
