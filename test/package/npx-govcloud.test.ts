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

  it('runs the package bin without the registry and passes its exit code through', () => {
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const ok = spawnSync('npx', ['--no-install', 'govcloud', '--version'], { cwd: ROOT, env: npmEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(ok.stdout.trim()).toBe(`govcloud ${version}`);
    expect(ok.status).toBe(0);
    const bad = spawnSync('npx', ['--no-install', 'govcloud', 'where', 'no-such-classification'], { cwd: ROOT, env: npmEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(2);
  });
});
