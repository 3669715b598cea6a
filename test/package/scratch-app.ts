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
 * installs the tarball into a scratch app beside it whose own dependencies are cdktf, constructs and the
 * provider bindings at the versions this repository pins, so npm resolves the package's peers to the app's
 * copies. The install is offline: the app gets a lock built from this repository's, so `npm ci --offline` takes
 * every package from npm's cache (which the repository's own `npm ci` filled) and needs no registry.
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
    devDependencies: Record<string, string>;
  };
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: LockPackages };
  // The app's own cdktf, constructs and bindings: the exact versions this repository builds and tests with.
  const own = Object.fromEntries(Object.keys(pkg.peerDependencies).map((n) => [n, pkg.devDependencies[n]]));
  const spec = `file:../pack/${tarballName}`;
  const appPackage = { name: 'care-record-app', version: '0.0.0', private: true, dependencies: { [pkg.name]: spec, ...own } };
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
      ...closure(lock.packages, [...Object.keys(own), ...Object.keys(pkg.dependencies)]),
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(appPackage, null, 2));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(appLock, null, 2));
  const installed = run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
  if (installed.status !== 0) {
    const output = `${installed.stdout}${installed.stderr}`;
    if (/ENOTCACHED/.test(output)) {
      return { unavailable: `npm's cache lacks a package the app needs and --offline forbids the registry (run the repository's own \`npm ci\` with network once, which fills the cache): ${output.split('\n').find((l) => /ENOTCACHED|request to/.test(l)) ?? ''}` };
    }
    throw new Error(`npm ci --offline failed in the scratch app ${dir}:\n${output}`);
  }
  return { dir, tarball };
}
