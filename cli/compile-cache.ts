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
 * - An entry is used only for the same file with the same content (its SHA-256), on the same Node version and
 *   architecture; V8 itself refuses bytes from another V8 or other flags (`cachedDataRejected`), and then the
 *   module is compiled from its source as without a cache.
 * - The cache folder must belong to the user running govcloud and be writable by nobody else, and so must the
 *   cache file: cached bytes are code, and a folder others can write to would let them run theirs.
 * - Anything unexpected (no home folder, a full disk, a damaged file) leaves the cache unused; the CLI runs as
 *   without one. Nothing here ever throws into a command.
 * - A module is compiled without the inline source map on its last line, a comment (see
 *   {@link withoutInlineSourceMap}); where source maps are on or a debugger may attach, Node compiles every module
 *   itself, as without the cache, and registers their maps.
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
import { hashOf, openPrivate, ownedFolder, writePrivately } from './cache-files';
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
  enableCompileCache?: (dir?: string) => unknown;
};
type CompilingModule = NodeJS.Module & { _compile(content: string, filename: string): unknown };

let enabled: CompileCacheStats | undefined;

/**
 * Turns the cache on for the rest of this process, and the resolve cache beside it (resolve-cache.ts), once;
 * later calls return the first call's stats. `env` decides where they live (see {@link cacheFolder}):
 * `GOVCLOUD_COMPILE_CACHE` (a folder, or `off`), else `$XDG_CACHE_HOME/govcloud-tenants`, else
 * `~/.cache/govcloud-tenants`.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): CompileCacheStats {
  if (enabled) return enabled;
  const stats: CompileCacheStats = { file: undefined, hits: 0, misses: 0, resolveHits: 0, resolveMisses: 0 };
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

/** One buffer, grown when asked for more than it holds, that the entries of a cache file read their bytes into. */
class Scratch {
  private buffer = Buffer.alloc(0);

  /** The shared buffer's first `length` bytes (what they hold is whatever was read last). */
  take(length: number): Buffer {
    if (this.buffer.length < length) this.buffer = Buffer.allocUnsafeSlow(Math.max(length, 2 * this.buffer.length));
    return this.buffer.subarray(0, length);
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
 * Replaces the CommonJS loader's `_compile` with one that compiles through `vm.Script` with the cached bytes,
 * and saves new bytes at exit when any module was compiled from source.
 */
function installCompileHook(loader: LoaderModule, file: string, { entries: cached, close }: ReturnType<typeof readEntries>, stats: CompileCacheStats): void {
  const proto = loader.prototype as unknown as CompilingModule;
  const compileFromSource = proto._compile;
  const fresh = new Map<string, { sha256: string; script: vm.Script }>();
  const dynamicImport = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;

  proto._compile = function compileWithCache(this: CompilingModule, content: string, filename: string): unknown {
    // Node registers a module's source map in its own compile, which source-mapped stack traces and debuggers need.
    if (sourceMapsWanted()) return compileFromSource.call(this, content, filename);
    let script: vm.Script;
    const text = withoutInlineSourceMap(content);
    const sha256 = hashOf(text);
    const entry = cached.get(filename);
    try {
      // A `#!` line is legal only at a script's very start, not inside the module wrapper.
      const body = text.startsWith('#!') ? `//${text}` : text;
      script = new vm.Script(loader.wrap(body), {
        filename,
        cachedData: entry?.sha256 === sha256 ? (entry.shared ?? entry.data)() : undefined,
        ...(dynamicImport ? { importModuleDynamically: dynamicImport as never } : {}),
      });
    } catch {
      // A syntax error: Node's own compile reports it as it always does.
      return compileFromSource.call(this, content, filename);
    }
    if (entry?.sha256 === sha256 && !script.cachedDataRejected) stats.hits++;
    else {
      stats.misses++;
      fresh.set(filename, { sha256, script });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(loader, this), this, filename, path.dirname(filename));
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

/** How an inline source map starts: a comment holding the whole map as a data URL. */
const INLINE_SOURCE_MAP = '//# sourceMappingURL=data:';

/**
 * `content` without the inline source map on its last line, if it ends with one: the text the compile cache
 * compiles, hashes and keeps code for. cdktf and the provider bindings end each module with one: 2.4 MB of the
 * 4.6 MB a one-tenant synth loads. Nothing reads them unless source maps are on or a debugger is attached, and
 * then Node compiles every module itself (see {@link sourceMapsWanted}); without them, the wrapper's copy of each
 * module, its hash and V8's scan of it are half as long. Only a comment is left out, after the last line of code,
 * so every line and column stays where it was.
 */
export function withoutInlineSourceMap(content: string): string {
  const at = content.lastIndexOf(INLINE_SOURCE_MAP);
  if (at < 0 || (at > 0 && content[at - 1] !== '\n')) return content;
  for (let i = content.indexOf('\n', at); i >= 0 && i < content.length; i++) {
    if (!/\s/.test(content[i])) return content;
  }
  return content.slice(0, at);
}

/**
 * Whether Node should compile modules itself, which registers their source maps: when it applies them to stack
 * traces (`--enable-source-maps`, `process.setSourceMapsEnabled`), and when a debugger may read them (`--inspect`,
 * `--inspect-brk`, in the arguments or `NODE_OPTIONS`). A debugger attached later, through `SIGUSR1`, sees the
 * compiled JavaScript of the modules the cache compiled.
 */
function sourceMapsWanted(): boolean {
  return process.sourceMapsEnabled === true || [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--inspect'));
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
