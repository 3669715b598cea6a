import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HASH_PIECE } from '../../cli/cache-files';
import { cacheFolder, COMPILE_CACHE_ENV } from '../../cli/compile-cache';
import { COMPILED, inlineMap, runWithCache } from './cache-run';
import { CLI, ROOT } from './run-govcloud';

/**
 * The CLI's compile cache (cli/compile-cache.ts), each case in a Node process of its own: the cache replaces the
 * process's module compiler, which a test must not do to the jest worker.
 */
let work: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-cache-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** `content` written to `rel` in the test's folder, its folders made; its path. */
function writeFile(rel: string, content: string): string {
  const file = path.join(work, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** A module returning `value`, with a function the first run compiles only when it calls it. */
function writeModule(name: string, value: string): string {
  return writeFile(`modules/${name}.js`, `#!/usr/bin/env node\nconst later = () => ${JSON.stringify(value)};\nexports.value = () => later();\n`);
}

describe('the compile cache', () => {
  it('compiles from source on a first run and saves the bytes, privately; the next run compiles every module from them', () => {
    const modules = [writeModule('a', 'one'), writeModule('b', 'two')];
    const dir = path.join(work, 'cache');
    const first = runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules);
    expect(first.stats).toMatchObject({ hits: 0, misses: 2 });
    expect(first.stats.file!.startsWith(dir)).toBe(true);
    expect(fs.statSync(first.stats.file!).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const second = runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules);
    expect(second.stats).toMatchObject({ hits: 2, misses: 0 });
    expect(second.values).toEqual(['one', 'two']);
  });

  it('compiles a module from source again when its content changed, even to the same length', () => {
    const dir = path.join(work, 'cache');
    runWithCache({ [COMPILE_CACHE_ENV]: dir }, [writeModule('a', 'aaaa')]);
    const changed = runWithCache({ [COMPILE_CACHE_ENV]: dir }, [writeModule('a', 'bbbb')]);
    expect(changed.values).toEqual(['bbbb']);
    expect(changed.stats).toMatchObject({ hits: 0, misses: 1 });
  });

  it("keeps the other modules' bytes when one module changes, for modules longer than a hash piece", () => {
    const dir = path.join(work, 'cache');
    // A character outside the Basic Multilingual Plane across the first piece boundary of the module's text.
    const long = writeModule('long', `${'x'.repeat(HASH_PIECE - 40)}😀${'y'.repeat(HASH_PIECE)}`);
    expect(fs.readFileSync(long, 'utf8').length).toBeGreaterThan(2 * HASH_PIECE);
    runWithCache({ [COMPILE_CACHE_ENV]: dir }, [long, writeModule('b', 'one')]);
    const changed = runWithCache({ [COMPILE_CACHE_ENV]: dir }, [long, writeModule('b', 'two')]);
    expect(changed.stats).toMatchObject({ hits: 1, misses: 1 });
    const third = runWithCache({ [COMPILE_CACHE_ENV]: dir }, [long, path.join(work, 'modules', 'b.js')]);
    expect(third.stats).toMatchObject({ hits: 2, misses: 0 });
    expect(third.values).toEqual([`${'x'.repeat(HASH_PIECE - 40)}😀${'y'.repeat(HASH_PIECE)}`, 'two']);
  });

  it('compiles a module without the inline source map on its last line, and keeps every line and column', () => {
    // Sloppy mode, where the module's function can name itself and show the text it was compiled from.
    const line2 = "exports.value = () => [self.toString().includes('sourceMapping' + 'URL=data:'), new Error().stack.split('\\n')[1].trim()];";
    const file = writeFile('modules/mapped.js', `const self = arguments.callee;\n${line2}\n${inlineMap()}`);
    const dir = path.join(work, 'cache');
    const frame = `at exports.value (${file}:2:${line2.indexOf('new Error') + 1})`;
    expect(runWithCache({ [COMPILE_CACHE_ENV]: 'off' }, [file]).values).toEqual([[true, frame]]);
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, [file]).values).toEqual([[false, frame]]);
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, [file])).toMatchObject({ stats: { hits: 1 }, values: [[false, frame]] });
  });

  it('leaves the compiling to Node where source maps are on, so stack traces name the original source', () => {
    const file = writeFile('modules/mapped.js', `exports.value = () => new Error().stack.split('\\n')[1].trim();\n${inlineMap()}`);
    const dir = path.join(work, 'cache');
    runWithCache({ [COMPILE_CACHE_ENV]: dir }, [file]);
    const mapped = runWithCache({ [COMPILE_CACHE_ENV]: dir }, [file], ['--enable-source-maps']);
    expect(mapped.values).toEqual([expect.stringContaining(`${path.join(path.dirname(file), 'original.ts')}:10:`)]);
    expect(mapped.stats).toMatchObject({ hits: 0, misses: 0 });
  });

  it('reads the files of the CommonJS modules it holds itself, and leaves the reading to Node after a --require preload', () => {
    const dir = path.join(work, 'cache');
    const modules = ['a', 'b'].map((name) => writeFile(`plain/${name}.js`, `exports.value = () => '${name}';\n${inlineMap()}`));
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules).stats).toMatchObject({ hits: 0, misses: 2, reads: 0 });
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules)).toMatchObject({ stats: { hits: 2, misses: 0, reads: 2 }, values: ['a', 'b'] });
    const preload = writeFile('preload.js', '');
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules, ['--require', preload])).toMatchObject({ stats: { hits: 2, reads: 0 }, values: ['a', 'b'] });
  });

  it('leaves a module it holds to Node once its package.json says type module, which no longer loads it as CommonJS', () => {
    const dir = path.join(work, 'cache');
    writeFile('pkg/package.json', '{"name": "pkg"}');
    const file = writeFile('pkg/index.js', "exports.value = () => 'commonjs';\n");
    runWithCache({ [COMPILE_CACHE_ENV]: dir }, [file]);
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, [file])).toMatchObject({ stats: { hits: 1, reads: 1 }, values: ['commonjs'] });
    writeFile('pkg/package.json', '{"name": "pkg", "type": "module"}');
    // Node 20.19 and later load it as an ES module (where `exports` is not defined), earlier ones refuse it.
    const withoutCache = runWithCache({ [COMPILE_CACHE_ENV]: 'off' }, [file]).values;
    expect(withoutCache).not.toEqual(['commonjs']);
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, [file])).toMatchObject({ stats: { reads: 0 }, values: withoutCache });
  });

  it("leaves every module to Node under a policy manifest, so that the policy's integrity checks hold", () => {
    const app = path.join(work, 'app');
    writeFile('app/a.js', "exports.value = () => 'a';\n");
    writeFile(
      'app/main.js',
      `require(${JSON.stringify(COMPILED)}).enableCompileCache({ ${COMPILE_CACHE_ENV}: ${JSON.stringify(path.join(work, 'cache'))} });\n` +
        "try { console.log(require('./a.js').value()); } catch (e) { console.log(e.code); }\n",
    );
    const policy = { onerror: 'throw', scopes: { 'file:': { integrity: true, dependencies: true } }, resources: { './a.js': { integrity: `sha384-${'A'.repeat(64)}` } } };
    writeFile('app/policy.json', JSON.stringify(policy));
    const run = (...options: string[]) => spawnSync(process.execPath, [...options, 'main.js'], { cwd: app, encoding: 'utf8' }).stdout.trim();
    expect(run()).toBe('a');
    expect(run()).toBe('a');
    // a.js is in the cache now; the manifest gives it another hash.
    expect(run('--experimental-policy=policy.json')).toBe('ERR_MANIFEST_ASSERT_INTEGRITY');
  });

  it('replaces a damaged cache file, and the modules run as without a cache', () => {
    const dir = path.join(work, 'cache');
    const modules = [writeModule('a', 'one')];
    const file = runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules).stats.file!;
    fs.writeFileSync(file, 'govcloud-v8-cache 1\n\xff\xff\xff\x7fnot an index', { mode: 0o600 });
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules)).toMatchObject({ stats: { hits: 0, misses: 1 }, values: ['one'] });
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules).stats).toMatchObject({ hits: 1, misses: 0 });
  });

  it("compiles a module from source when its cached bytes were altered, since V8 does not check them itself", () => {
    const dir = path.join(work, 'cache');
    const modules = [writeModule('a', 'one')];
    const file = runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules).stats.file!;
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 8] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules)).toMatchObject({ stats: { hits: 0, misses: 1 }, values: ['one'] });
    expect(runWithCache({ [COMPILE_CACHE_ENV]: dir }, modules).stats).toMatchObject({ hits: 1, misses: 0 });
  });

  it('leaves a folder other users may write to unused, and the modules run as without a cache', () => {
    const dir = path.join(work, 'shared');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o777);
    const run = runWithCache({ [COMPILE_CACHE_ENV]: dir }, [writeModule('a', 'one')]);
    expect(run.values).toEqual(['one']);
    expect(run.stats.file).toBeUndefined();
    expect(run.stats.unusedBecause).toMatch(/writable by other users/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('is off with GOVCLOUD_COMPILE_CACHE=off, and by default where CI is set', () => {
    const run = runWithCache({ [COMPILE_CACHE_ENV]: 'off', HOME: work }, [writeModule('a', 'one')]);
    expect(run).toMatchObject({ stats: { hits: 0, misses: 0 }, values: ['one'] });
    expect(run.stats.file).toBeUndefined();
    expect(cacheFolder({ CI: 'true', HOME: work })).toBeUndefined();
    expect(cacheFolder({ CI: 'true', [COMPILE_CACHE_ENV]: 'here' })).toBe(path.resolve('here'));
    expect(cacheFolder({ CI: 'false', XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/govcloud-tenants');
    expect(cacheFolder({})).toBe(path.join(os.homedir(), '.cache', 'govcloud-tenants'));
  });

  it('leaves what govcloud synth writes the same, cold, warm and off', () => {
    const outputs = ['cold', 'warm', 'off'].map((run) => {
      const out = path.join(work, run);
      const cache = run === 'off' ? 'off' : path.join(work, 'cache');
      const r = spawnSync(process.execPath, [CLI, 'synth', '--config', path.join(ROOT, 'config'), '--tenant', 'dsp-ng', '--out', out], { encoding: 'utf8', env: { ...process.env, [COMPILE_CACHE_ENV]: cache } });
      expect(r.status).toBe(0);
      return Object.fromEntries(listFiles(out).map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]));
    });
    expect(Object.keys(outputs[0])).toContain(path.join('stacks', 'dsp-ng', 'cdk.tf.json'));
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
    expect(fs.readdirSync(path.join(work, 'cache')).map((f) => f.split('-')[0]).sort()).toEqual(['resolve', 'v8']);
  });
});

/** Every file under `dir`, relative to it. */
function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}
