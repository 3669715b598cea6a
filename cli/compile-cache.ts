/**
 * A V8 code cache for the CLI's modules, so that a second `govcloud` run does not parse and compile again the
 * 4.6 MB of JavaScript (cdktf, the provider bindings, the toolkit) that a one-tenant synth loads.
 *
 * Node 22.1 and later have this built in (`module.enableCompileCache`), and it is used where it exists. On Node 20 the CLI
 * compiles each CommonJS module itself with `vm.Script`, giving V8 the bytes it saved for that module last time.
 * The bytes are written when the process exits, after the run, so they hold the functions the run compiled
 * lazily as well as the top levels.
 *
 * What keeps it safe:
 * - An entry is used only for the same file with the same code (the SHA-256 of its text, the inline source map
 *   aside), on the same Node version and architecture; V8 itself refuses bytes from another V8 or other flags
 *   (`cachedDataRejected`), and then the module is compiled from its source as without a cache.
 * - The cache folder must belong to the user running govcloud and be writable by nobody else, and so must the
 *   cache file: cached bytes are code, and a folder others can write to would let them run theirs.
 * - Anything unexpected (no home folder, a full disk, a damaged file) leaves the cache unused; the CLI runs as
 *   without one. Nothing here ever throws into a command.
 * - A module is compiled without the inline source map on its last line, a comment (module-source.ts); where
 *   source maps are on or a debugger may attach, Node compiles every module itself, as without the cache, and
 *   registers their maps.
 * - A module the cache holds is read by the cache itself, into one reused buffer (module-source.ts), when it is
 *   CommonJS as Node would decide and no other code could have changed how modules load (a `--require` or
 *   `--import` preload, an experimental module flag, a replaced `Module.prototype._compile`); anything else,
 *   and any doubt, leaves the reading to Node.
 *
 * It holds compiled code of the JavaScript modules the command loaded (the toolkit, its dependencies, and any
 * `--extend` module) only: no configuration, no secret.
 */
import * as fs from 'fs';
// The module object itself, not a namespace copy of it, whose properties could not be replaced.
import Module = require('module');
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { hashOf, openPrivate, ownedFolder, Scratch, writePrivately } from './cache-files';
import { inCommonJsScope, withoutInlineSourceMap, wrappedModule } from './module-source';
import { installResolveCache, type ResolveCounts, type ResolvingLoader } from './resolve-cache';

/** The environment variable that moves the cache (a folder) or, set to `off`, turns it off. */
export const COMPILE_CACHE_ENV = 'GOVCLOUD_COMPILE_CACHE';

/** What one run did with the cache; `enableCompileCache` returns it, for the tests. */
export interface CompileCacheStats extends ResolveCounts {
  /** The cache file, or undefined when the cache is off or unusable. */
  file: string | undefined;
  /** Modules compiled from cached bytes. */
  hits: number;
  /** Modules compiled from source: not in the cache, changed since, or their bytes refused by V8. */
  misses: number;
  /** Modules whose file the cache read itself (module-source.ts), hits or not. */
  reads: number;
  /** Why the cache is not used, when it is not. */
  unusedBecause?: string;
}

/**
 * One module's cached bytes and the content they were compiled from. The bytes are read each time they are asked
 * for, and are empty when they do not match the SHA-256 they were written with (V8 checks versions and flags, not
 * the bytes themselves).
 */
interface Entry {
  readonly sha256: string;
  /** The bytes, in a buffer of their own (to write them to a new cache file). */
  data(): Buffer;
  /**
   * The bytes, in a buffer every entry of the file shares, valid until the next `shared()` of any entry: what a
   * compile reads and lets go. V8 reads cached bytes while `new vm.Script` runs and keeps no hold on them. Fresh
   * memory for each module's bytes (4.5 MB for a one-tenant synth) cost about 1,100 page faults of about 15 µs
   * each on this virtual machine.
   */
  shared?(): Buffer;
}

/** An index line of the cache file: module path, SHA-256 of its source, length and SHA-256 of its bytes. */
type IndexLine = [string, string, number, string];

/** The file format's first bytes; a file without them is not read. */
const MAGIC = 'govcloud-v8-cache 1\n';

/** The internals of Node 20's CommonJS loader this file uses; all public in practice, not in the types. */
type LoaderModule = typeof Module & ResolvingLoader & {
  _resolveLookupPaths(request: string, parent: NodeJS.Module): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeJS.Module>;
  wrap(script: string): string;
  wrapper: [string, string];
  enableCompileCache?: (dir?: string) => unknown;
};
type CompilingModule = NodeJS.Module & { _compile(content: string, filename: string, format?: string): unknown };

let enabled: CompileCacheStats | undefined;

/**
 * Turns the cache on for the rest of this process, and the resolve cache beside it (resolve-cache.ts), once;
 * later calls return the first call's stats. `env` decides where they live (see {@link cacheFolder}):
 * `GOVCLOUD_COMPILE_CACHE` (a folder, or `off`), else `$XDG_CACHE_HOME/govcloud-tenants`, else
 * `~/.cache/govcloud-tenants`.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): CompileCacheStats {
  if (enabled) return enabled;
  const stats: CompileCacheStats = { file: undefined, hits: 0, misses: 0, reads: 0, resolveHits: 0, resolveMisses: 0 };
  enabled = stats;
  try {
    const dir = cacheFolder(env);
    if (!dir) return Object.assign(stats, { unusedBecause: `${COMPILE_CACHE_ENV} is off, or CI is set and it is not` });
    const loader = Module as LoaderModule;
    const name = `${process.version}-${process.arch}-${hashOf(path.resolve(__dirname, '..')).slice(0, 16)}`;
    installResolveCache(loader, path.join(ownedFolder(dir), `resolve-${name}.json`), stats);
    if (typeof loader.enableCompileCache === 'function') {
      // Node 22.1 and later: its own cache, in a folder of its own under ours.
      loader.enableCompileCache(ownedFolder(path.join(dir, 'node')));
      return Object.assign(stats, { file: path.join(dir, 'node'), unusedBecause: 'Node.js keeps its own compile cache' });
    }
    const file = path.join(dir, `v8-${name}.bin`);
    Object.assign(stats, { file });
    installCompileHook(loader, file, readEntries(file), stats);
  } catch (e) {
    Object.assign(stats, { file: undefined, unusedBecause: e instanceof Error ? e.message : String(e) });
  }
  return stats;
}

/**
 * The cache folder `env` names, or undefined when the cache is off: when `GOVCLOUD_COMPILE_CACHE` is `off`, and
 * by default where `CI` is set (a CI job starts from an empty container, so every run would be a first run, which
 * costs more than it saves: it writes the cache that nothing reads).
 */
export function cacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  const set = env[COMPILE_CACHE_ENV];
  if (set !== undefined && set !== '') return set.toLowerCase() === 'off' ? undefined : path.resolve(set);
  if (env.CI !== undefined && env.CI !== '' && env.CI.toLowerCase() !== 'false') return undefined;
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'govcloud-tenants');
  return path.join(os.homedir(), '.cache', 'govcloud-tenants');
}

/**
 * The entries of `file`, by module path; none when it is missing, damaged or not private. Only the index is read
 * here: each entry's bytes are read from the open file when a module asks for them, so a command that loads 55
 * modules (`--help`) does not read the 4 MB a synth's 340 need.
 */
function readEntries(file: string): { entries: Map<string, Entry>; close(): void } {
  const none = { entries: new Map<string, Entry>(), close: () => undefined };
  let fd: number;
  try {
    fd = openPrivate(file);
  } catch {
    return none;
  }
  try {
    const stat = fs.fstatSync(fd);
    const head = Buffer.alloc(MAGIC.length + 4);
    if (fs.readSync(fd, head, 0, head.length, 0) !== head.length || head.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a cache file');
    const indexBytes = Buffer.alloc(head.readUInt32LE(MAGIC.length));
    if (head.length + indexBytes.length > stat.size || fs.readSync(fd, indexBytes, 0, indexBytes.length, head.length) !== indexBytes.length) throw new Error('cut short');
    const index = JSON.parse(indexBytes.toString('utf8')) as IndexLine[];
    const entries = new Map<string, Entry>();
    const scratch = new Scratch();
    let offset = head.length + indexBytes.length;
    for (const [filename, sha256, length, dataSha256] of index) {
      if (!Number.isSafeInteger(length) || length < 0 || offset + length > stat.size) throw new Error('cut short');
      entries.set(filename, { sha256, ...bytesAt(fd, offset, length, dataSha256, scratch) });
      offset += length;
    }
    return { entries, close: () => fs.closeSync(fd) };
  } catch {
    fs.closeSync(fd);
    return none;
  }
}

/**
 * The reads of `length` bytes at `offset` of `fd` (see {@link Entry}): into a buffer of their own, or into
 * `scratch`'s; each gives an empty buffer when the read fails or the bytes do not hash to `sha256`.
 */
function bytesAt(fd: number, offset: number, length: number, sha256: string, scratch: Scratch): Pick<Entry, 'data' | 'shared'> {
  const readInto = (buffer: Buffer): Buffer => {
    try {
      return fs.readSync(fd, buffer, 0, length, offset) === length && hashOf(buffer) === sha256 ? buffer : Buffer.alloc(0);
    } catch {
      return Buffer.alloc(0);
    }
  };
  return { data: () => readInto(Buffer.alloc(length)), shared: () => readInto(scratch.take(length)) };
}

/** Writes `entries` to `file` through a private temporary file renamed over it: readers see all or nothing. */
function writeEntries(file: string, entries: Map<string, Entry>): void {
  const index: IndexLine[] = [];
  const datas: Buffer[] = [];
  for (const [filename, { sha256, data }] of entries) {
    const bytes = data();
    if (bytes.length === 0) continue;
    index.push([filename, sha256, bytes.length, hashOf(bytes)]);
    datas.push(bytes);
  }
  const json = Buffer.from(JSON.stringify(index), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  writePrivately(file, Buffer.concat([Buffer.from(MAGIC, 'latin1'), length, json, ...datas]));
}

/**
 * Replaces the CommonJS loader's `_compile` with one that compiles through `vm.Script` with the cached bytes, and
 * its `.js` loader with one that reads a module the cache holds itself (module-source.ts), and saves new bytes at
 * exit when any module was compiled from source.
 */
function installCompileHook(loader: LoaderModule, file: string, { entries: cached, close }: ReturnType<typeof readEntries>, stats: CompileCacheStats): void {
  const proto = loader.prototype as unknown as CompilingModule;
  const compileFromSource = proto._compile;
  const fresh = new Map<string, { sha256: string; script: vm.Script }>();
  const nodeOptions = [...process.execArgv, process.env.NODE_OPTIONS ?? ''];
  const policyOn = nodeOptions.some((a) => a.includes('--experimental-policy'));
  const inspecting = nodeOptions.some((a) => a.includes('--inspect'));
  /**
   * Whether Node should compile modules itself, which registers their source maps: when it applies them to stack
   * traces (`--enable-source-maps`, `process.setSourceMapsEnabled`, which can change while the process runs), and
   * when a debugger may read them (`--inspect`, `--inspect-brk`, in the arguments or `NODE_OPTIONS`). A debugger
   * attached later, through `SIGUSR1`, sees the compiled JavaScript of the modules the cache compiled.
   */
  const sourceMapsWanted = () => inspecting || process.sourceMapsEnabled === true;
  const dynamicImport = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;

  /** `wrapped` compiled with the cached bytes when `entry` holds `sha256`'s, or undefined when it does not compile. */
  const compile = (wrapped: string, filename: string, sha256: string): vm.Script | undefined => {
    const entry = cached.get(filename);
    let script: vm.Script;
    try {
      script = new vm.Script(wrapped, {
        filename,
        cachedData: entry?.sha256 === sha256 ? (entry.shared ?? entry.data)() : undefined,
        ...(dynamicImport ? { importModuleDynamically: dynamicImport as never } : {}),
      });
    } catch {
      return undefined;
    }
    if (entry?.sha256 === sha256 && !script.cachedDataRejected) stats.hits++;
    else {
      stats.misses++;
      fresh.set(filename, { sha256, script });
    }
    return script;
  };
  const run = (script: vm.Script, module: CompilingModule, filename: string): unknown => {
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(module.exports, module.exports, requireFor(loader, module), module, filename, path.dirname(filename));
  };

  const compileWithCache = function compileWithCache(this: CompilingModule, content: string, filename: string, format?: string): unknown {
    // Left to Node: an ES module (Node 20.19 and later load them through require), a policy's integrity checks, and
    // a module's source map, which Node registers in its own compile for mapped stack traces and debuggers.
    if (format === 'module' || policyOn || sourceMapsWanted()) return compileFromSource.call(this, content, filename, format);
    const text = withoutInlineSourceMap(content);
    // A `#!` line is legal only at a script's very start, not inside the module wrapper.
    const script = compile(loader.wrap(text.startsWith('#!') ? `//${text}` : text), filename, hashOf(text));
    // A syntax error, or ES module syntax: Node's own compile reports the one and loads the other.
    return script ? run(script, this, filename) : compileFromSource.call(this, content, filename, format);
  };
  proto._compile = compileWithCache;

  // A module the cache holds is read here (module-source.ts) where nothing but the cache changes how modules load.
  const loadJs = loader._extensions['.js'];
  const noPreload = !nodeOptions.some((a) => /--(require|import|loader|experimental)|(^|\s)-r\b/.test(a));
  const scopes = new Map<string, boolean>();
  const sources = new Scratch();
  loader._extensions['.js'] = function loadWithCache(this: unknown, module: NodeJS.Module, filename: string): unknown {
    const entry = noPreload && proto._compile === compileWithCache && !sourceMapsWanted() ? cached.get(filename) : undefined;
    const wrapped = entry && filename.endsWith('.js') && inCommonJsScope(filename, scopes) ? wrappedModule(filename, entry.sha256, loader.wrapper, sources) : undefined;
    const script = wrapped === undefined ? undefined : compile(wrapped, filename, entry!.sha256);
    if (!script) return loadJs.call(this, module, filename);
    stats.reads++;
    return run(script, module as CompilingModule, filename);
  };

  process.once('exit', () => {
    if (fresh.size === 0) return close();
    try {
      const entries = new Map(cached);
      for (const [filename, { sha256, script }] of fresh) {
        const data = script.createCachedData();
        entries.set(filename, { sha256, data: () => data });
      }
      writeEntries(file, entries);
    } catch {
      // A cache that cannot be written is a cache not used next time, never a failed command.
    } finally {
      close();
    }
  });
}

/** The `require` a module's code receives, as Node builds it (`makeRequireFunction`). */
function requireFor(loader: LoaderModule, mod: NodeJS.Module): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) => loader._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => loader._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = loader._extensions;
  require.cache = loader._cache;
  return require;
}
