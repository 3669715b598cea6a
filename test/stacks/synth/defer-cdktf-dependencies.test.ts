import { spawnSync } from 'child_process';
import * as path from 'path';

const REPO = path.resolve(__dirname, '../../..');

/**
 * Runs `script` in a fresh node process (jest keeps its own module registry, which Node's module cache does not
 * reach) after loading the built synth library, and returns what it printed as JSON.
 */
function afterLoadingSynth(script: string): Record<string, unknown> {
  const code = `
    const { createRequire } = require('module');
    require(${JSON.stringify(path.join(REPO, 'dist/stacks/synth'))});
    const fromCdktf = createRequire(require.resolve('cdktf', { paths: [${JSON.stringify(REPO)}] }));
    const loaded = (dir) => Object.keys(require.cache).some((f) => f.includes(dir));
    ${script}`;
  const run = spawnSync(process.execPath, ['-e', code], { cwd: REPO, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('the cdktf dependencies the toolkit does not use', () => {
  it('are not loaded with cdktf (the built synth library, as the CLI loads it)', () => {
    const seen = afterLoadingSynth(`
      console.log(JSON.stringify({ cdktf: loaded('/cdktf/lib/'), archiver: loaded('/archiver/lib/'), readableStream: loaded('/readable-stream/'), semver: loaded('/semver/functions/') }));`);
    expect(seen).toEqual({ cdktf: true, archiver: false, readableStream: false, semver: false });
  });

  it('are loaded, and work, the first time cdktf uses them', () => {
    const seen = afterLoadingSynth(`
      const semver = fromCdktf('semver');
      const archiver = fromCdktf('archiver');
      const satisfies = semver.satisfies('1.9.0', '>=1.5.0');
      const archive = archiver('zip');
      console.log(JSON.stringify({ satisfies, archive: typeof archive.pipe, archiver: loaded('/archiver/lib/'), semver: loaded('/semver/functions/') }));`);
    expect(seen).toEqual({ satisfies: true, archive: 'function', archiver: true, semver: true });
  });
});
