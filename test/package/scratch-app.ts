import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The repository root: the package that is packed. */
export const ROOT = path.resolve(__dirname, '../..');

interface LockEntry {
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}
type LockPackages = Readonly<Record<string, LockEntry>>;

/** A scratch cdktf app with the packed package installed, or why it could not be installed here. */
export type ScratchApp = { readonly dir: string; readonly tarball: string } | { readonly unavailable: string };

/**
 * The environment of a child npm: this machine's cache and registry settings, without what `npm test` passes
 * down about the repository (its prefix, its package fields, its lifecycle), which would make npm work on it.
 */
export function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || keep.has(k.toLowerCase())));
}

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv()): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
}

/**
 * The lock entries (this repository's, by path) of `names` and of everything they need, as node resolves it: a
 * dependency of `node_modules/a` is `node_modules/a/node_modules/b` where that exists, else the one above.
 */
function closure(packages: LockPackages, names: readonly string[]): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const visit = (from: string, name: string) => {
    for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
      const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (packages[key]) {
        if (out[key]) return;
        // Flags of this repository's tree (dev, peer) do not hold in the app, where all of it is production.
        const { dev: _dev, peer: _peer, devOptional: _devOptional, ...entry } = packages[key];
        out[key] = entry;
        for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(key, dep);
        return;
      }
      if (!dir) throw new Error(`package-lock.json has no ${name} for ${from || 'the root'}`);
    }
  };
  for (const n of names) visit('', n);
  return out;
}

/**
 * Packs the repository (`npm pack`, without its build: `dist/` must be built) into a temporary folder, and
 * installs the tarball into a scratch app beside it. The install is offline: the app gets a lock built from this
 * repository's, so `npm ci --offline` takes every package from npm's cache (which the repository's own `npm ci`
 * filled) and needs no registry.
 *
 * The app's cdktf, constructs and provider bindings (the package's peers) are this repository's own installed
 * copies, linked into the app's node_modules rather than installed a second time (some 100 packages, 60 MB, most of
 * the install's time): npm installs the tarball and its own dependencies with `--legacy-peer-deps`, which leaves
 * the peers to the app, and each peer's version is checked against the package's peer range here, as npm's
 * ERESOLVE check would.
 */
export function installScratchApp(): ScratchApp {
  if (!fs.existsSync(path.join(ROOT, 'dist/constructs/index.d.ts'))) {
    throw new Error('dist/constructs/index.d.ts is missing: run `npm run build` first (npm test does)');
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-pack-'));
  const packDir = path.join(root, 'pack');
  const dir = path.join(root, 'app');
  fs.mkdirSync(packDir);
  fs.mkdirSync(dir);
  const packed = run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], ROOT);
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const tarballName = fs.readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  if (!tarballName) throw new Error(`npm pack wrote no tarball into ${packDir}:\n${packed.stdout}${packed.stderr}`);
  const tarball = path.join(packDir, tarballName);

  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    license: string;
    bin: Record<string, string>;
    engines: Record<string, string>;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: LockPackages };
  const spec = `file:../pack/${tarballName}`;
  const appPackage = { name: 'care-record-app', version: '0.0.0', private: true, dependencies: { [pkg.name]: spec } };
  const packageEntry = {
    version: pkg.version,
    resolved: spec,
    license: pkg.license,
    dependencies: pkg.dependencies,
    peerDependencies: pkg.peerDependencies,
    bin: pkg.bin,
    engines: pkg.engines,
  };
  const appLock = {
    name: appPackage.name,
    version: appPackage.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: appPackage.name, version: appPackage.version, dependencies: appPackage.dependencies },
      [`node_modules/${pkg.name}`]: packageEntry,
      ...closure(lock.packages, Object.keys(pkg.dependencies)),
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(appPackage, null, 2));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(appLock, null, 2));
  const installed = run('npm', ['ci', '--offline', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
  if (installed.status !== 0) {
    const output = `${installed.stdout}${installed.stderr}`;
    if (/ENOTCACHED/.test(output)) {
      return { unavailable: `npm's cache lacks a package the app needs and --offline forbids the registry (run the repository's own \`npm ci\` with network once, which fills the cache): ${output.split('\n').find((l) => /ENOTCACHED|request to/.test(l)) ?? ''}` };
    }
    throw new Error(`npm ci --offline failed in the scratch app ${dir}:\n${output}`);
  }
  linkPeers(pkg.peerDependencies, dir);
  return { dir, tarball };
}

/**
 * Links each peer (`name`: range) from this repository's node_modules into the app's, after checking that the
 * repository's copy satisfies the range, as npm would before it installs the app's own copy; throws when one does
 * not, naming it.
 */
function linkPeers(peers: Readonly<Record<string, string>>, dir: string): void {
  for (const [name, range] of Object.entries(peers)) {
    const source = path.join(ROOT, 'node_modules', name);
    const { version } = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as { version: string };
    if (!satisfies(version, range)) {
      throw new Error(`peer ${name}: this repository has ${version}, outside the range ${range} package.json gives its users; npm would refuse the app (ERESOLVE)`);
    }
    const target = path.join(dir, 'node_modules', name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync(source, target, 'dir');
  }
}

/**
 * Whether `version` (x.y.z) is in `range`, for the two forms package.json's peerDependencies use: an exact version,
 * and `^x.y.z` (the same major version, x >= 1, and not lower). Throws on any other form, so a new one is not
 * judged wrongly.
 */
export function satisfies(version: string, range: string): boolean {
  const parts = (v: string) => v.split('.').map(Number);
  if (/^\d+\.\d+\.\d+$/.test(range)) return version === range;
  const caret = /^\^([1-9]\d*\.\d+\.\d+)$/.exec(range);
  if (!caret) throw new Error(`peer range ${range}: only x.y.z and ^x.y.z (x >= 1) are understood here; extend satisfies() in test/package/scratch-app.ts`);
  const [have, want] = [parts(version), parts(caret[1])];
  if (!/^\d+\.\d+\.\d+$/.test(version) || have[0] !== want[0]) return false;
  return have[1] > want[1] || (have[1] === want[1] && have[2] >= want[2]);
}
