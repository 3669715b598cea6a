import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COMPILE_CACHE_ENV } from '../../cli/compile-cache';
import { runWithCache } from './cache-run';

/**
 * The CLI's resolve cache (cli/resolve-cache.ts): where a second run's `require` calls lead comes from the cache,
 * unless a file was since added, removed or changed where Node would look. Each case runs in a Node process of
 * its own (cache-run.ts).
 */
let work: string;
let env: Record<string, string>;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-cache-'));
  env = { [COMPILE_CACHE_ENV]: path.join(work, 'cache') };
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** Writes `files` (paths relative to the work folder) with their contents. */
function write(files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.writeFileSync(path.join(work, file), content);
  }
}

const valueModule = (value: string) => `exports.value = () => ${JSON.stringify(value)};\n`;

/** app/main.js, whose value is what `./thing` and the package `pkg` give; pkg found in the work folder's node_modules. */
function writeApp(): string {
  write({
    'app/main.js': "exports.value = () => [require('./thing').value(), require('pkg').value(), require('pkg/extra').value()];\n",
    'app/thing/index.js': valueModule('thing folder'),
    'node_modules/pkg/package.json': JSON.stringify({ name: 'pkg', main: 'first.js' }),
    'node_modules/pkg/first.js': valueModule('pkg first'),
    'node_modules/pkg/second.js': valueModule('pkg second'),
    'node_modules/pkg/extra.js': valueModule('pkg extra'),
  });
  return path.join(work, 'app/main.js');
}

describe('the resolve cache', () => {
  it("answers a second run's requires from the cache, and they lead to the same modules", () => {
    const main = writeApp();
    const first = runWithCache(env, [main]);
    expect(first.values).toEqual([['thing folder', 'pkg first', 'pkg extra']]);
    expect(first.stats).toMatchObject({ resolveHits: 0, resolveMisses: 4 });
    const file = fs.readdirSync(path.join(work, 'cache')).find((f) => f.startsWith('resolve-'));
    expect(fs.statSync(path.join(work, 'cache', file!)).mode & 0o777).toBe(0o600);
    const second = runWithCache(env, [main]);
    expect(second.values).toEqual(first.values);
    expect(second.stats).toMatchObject({ resolveHits: 4, resolveMisses: 0 });
  });

  it('finds a package created in a nearer node_modules folder, as Node does', () => {
    const main = writeApp();
    runWithCache(env, [main]);
    write({ 'app/node_modules/pkg/index.js': valueModule('nearer pkg'), 'app/node_modules/pkg/extra.js': valueModule('nearer extra') });
    expect(runWithCache(env, [main]).values).toEqual([['thing folder', 'nearer pkg', 'nearer extra']]);
  });

  it('finds a file created beside a folder of the same name, which Node takes first', () => {
    const main = writeApp();
    runWithCache(env, [main]);
    write({ 'app/thing.js': valueModule('thing file') });
    expect(runWithCache(env, [main]).values).toEqual([['thing file', 'pkg first', 'pkg extra']]);
  });

  it("follows a package's main changed in place, to a name of the same length", () => {
    const main = writeApp();
    runWithCache(env, [main]);
    const manifest = path.join(work, 'node_modules/pkg/package.json');
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('first.js', 'second.js').replace('"pkg"', '"pk"'));
    expect(runWithCache(env, [main]).values).toEqual([['thing folder', 'pkg second', 'pkg extra']]);
  });

  it('fails as Node fails when a module it had found was removed', () => {
    const main = writeApp();
    runWithCache(env, [main]);
    fs.rmSync(path.join(work, 'node_modules/pkg/extra.js'));
    expect(runWithCache(env, [main]).values).toEqual(['MODULE_NOT_FOUND']);
  });

  it('is not used under other Node options, which can change how Node resolves', () => {
    const main = writeApp();
    runWithCache(env, [main]);
    const other = runWithCache(env, [main], ['--preserve-symlinks']);
    expect(other.stats).toMatchObject({ resolveHits: 0, resolveMisses: 4 });
    expect(other.values).toEqual([['thing folder', 'pkg first', 'pkg extra']]);
  });

  it('leaves a cache file others may write to unused', () => {
    const main = writeApp();
    runWithCache(env, [main]);
    const file = path.join(work, 'cache', fs.readdirSync(path.join(work, 'cache')).find((f) => f.startsWith('resolve-'))!);
    fs.chmodSync(file, 0o666);
    expect(runWithCache(env, [main]).stats).toMatchObject({ resolveHits: 0, resolveMisses: 4 });
  });
});
