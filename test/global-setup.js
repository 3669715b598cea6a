// Every test run gets a temporary folder of its own, removed by global-teardown.js: cdktf's Testing helpers
// leave a cdktf.outdir.* folder behind for each synthesized scope, and none should outlive the run.
//
// The tests load the toolkit from dist/ (test/resolver.js), so dist/ is brought up to date with the sources first:
// `tsc -b tsconfig.build.json` compiles what changed since the last build (a fifth of a second when nothing did),
// except under `npm test`, which has just built it. A source that does not compile stops the run with tsc's messages.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** Linux's `TMPFS_MAGIC`: the `type` `fs.statfsSync` gives a folder in memory. */
const TMPFS = 0x01021994;
/** Room the run's folder needs at its fullest (a packed and installed scratch app, bundles, 22,000 tenant files). */
const ROOM_BYTES = 2 * 1024 ** 3;

/**
 * Where the run's folder goes: `shm` (/dev/shm) when TMPDIR is not set and `shm` is a tmpfs with room that runs
 * what is written there (the tests run stand-in scripts from it); else os.tmpdir(). The tests create and remove
 * tens of thousands of files; in memory, that is about a quarter less kernel time than on the disk's ext4
 * (docs/testing.md). A run killed before global-teardown.js leaves its folder there, as it would in /tmp.
 */
function runFolderParent(env = process.env, shm = '/dev/shm') {
  if (env.TMPDIR || process.platform !== 'linux') return os.tmpdir();
  try {
    const fsStat = fs.statfsSync(shm);
    if (fsStat.type !== TMPFS || fsStat.bavail * fsStat.bsize < ROOM_BYTES) return os.tmpdir();
    const probe = fs.mkdtempSync(path.join(shm, 'govcloud-probe-'));
    try {
      const script = path.join(probe, 'probe.sh');
      fs.writeFileSync(script, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      return spawnSync(script).status === 0 ? shm : os.tmpdir();
    } finally {
      fs.rmSync(probe, { recursive: true, force: true });
    }
  } catch {
    return os.tmpdir();
  }
}

module.exports = async () => {
  // Under `npm test` (test/run-tests.js) dist/ has just been built, without its check (--noCheck), which tsc -b
  // would run again; `npx jest` brings dist/ up to date here.
  if (process.env.GOVCLOUD_TEST_DIST_BUILT !== '1') {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
    if (tsc.status !== 0) {
      throw new Error(`the tests run the compiled sources in dist/, and tsc -b tsconfig.build.json failed (exit ${tsc.status}):\n${tsc.stdout}${tsc.stderr}`);
    }
  }
  // What `npm run build`'s postbuild writes besides, when a build without it left dist/: the schema validators
  // (without them the loader compiles the schemas in every test file) and the CLI's executable bit (npx govcloud
  // runs it). `npm test` has just run it.
  const cli = path.join(ROOT, 'dist', 'cli', 'govcloud.js');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'loader', 'compiled-schemas.js')) || (fs.statSync(cli).mode & 0o111) === 0) {
    const postbuild = spawnSync('npm', ['run', 'postbuild', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (postbuild.status !== 0) throw new Error(`npm run postbuild failed:\n${postbuild.stdout}${postbuild.stderr}`);
  }
  // Node reads the whole CA bundle NODE_EXTRA_CA_CERTS names at every start, before any code runs: 50 ms of each of
  // the run's hundreds of Node processes (the CLI, npm, tsc, the workers) on a machine that sets it to the system's
  // 215 KB bundle. No test opens a TLS connection from Node (npm runs --offline, the registry tests reach a closed
  // port through terraform), so the workers and everything they start go without it.
  delete process.env.NODE_EXTRA_CA_CERTS;
  // Whether terraform runs here, found once for the run instead of once in each test file that needs it
  // (test/terraform-binary.ts reads it).
  if (!process.env.GOVCLOUD_TEST_TERRAFORM) {
    process.env.GOVCLOUD_TEST_TERRAFORM = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0 ? 'runs' : 'missing';
  }
  const dir = fs.mkdtempSync(path.join(runFolderParent(), 'govcloud-tests-'));
  process.env.GOVCLOUD_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir; // read by os.tmpdir() in the test workers, which inherit this environment
  // The CLI's compile cache (cli/compile-cache.ts), shared by the run's CLI processes and never the user's
  // ~/.cache; set here, it is on whether or not CI is set, so a run is the same everywhere.
  if (!process.env.GOVCLOUD_COMPILE_CACHE) process.env.GOVCLOUD_COMPILE_CACHE = path.join(dir, 'compile-cache');
};

module.exports.runFolderParent = runFolderParent;
module.exports.TMPFS = TMPFS;
