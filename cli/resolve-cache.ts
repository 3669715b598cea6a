/**
 * A cache of where the CLI's `require` calls lead, kept beside the compile cache (compile-cache.ts). A one-tenant
 * synth makes about 840 of them; Node answers each by looking at the disk (a file with each extension, a
 * `node_modules` folder in each parent folder, a `package.json`), which took 60 to 77 ms of a 490 ms run here.
 *
 * What keeps it right: a recorded answer is used only while every folder and file Node could have looked at to
 * find it is as it was when it was recorded (its inode, size, modification and change times). Adding, removing or
 * renaming a file changes its folder's times, so a module that would now be found first (a new `node_modules`
 * nearer the caller, a `.js` beside an `index.js`) makes the answer stale, and it is looked up again. The stamps
 * are taken before Node looks, so a change made while a command runs is seen by the next run too. Answers also
 * hold only for the same Node version and architecture (the file name) and the same Node options and `NODE_PATH`.
 *
 * Not recorded, so always asked of Node: built-in modules, `require.resolve` with `paths`, the main module,
 * package `imports` (`#name`), and a package found anywhere but the first `node_modules` folder that holds it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { hashOf, openPrivate, writePrivately } from './cache-files';

/** The internals of Node's CommonJS loader this file uses; public in practice, not in the types. */
export interface ResolvingLoader {
  _resolveFilename(request: string, parent: NodeJS.Module | undefined, isMain: boolean, options?: unknown): string;
  isBuiltin(request: string): boolean;
}

/** How many `require` calls the cache answered, and how many Node answered and the cache recorded. */
export interface ResolveCounts {
  resolveHits: number;
  resolveMisses: number;
}

/** The cache file: what it holds for, each path's stamp, and the answers with the stamps they depend on. */
interface ResolveFile {
  readonly format: 1;
  readonly context: string;
  readonly stamps: readonly (readonly [string, string])[];
  readonly resolutions: readonly (readonly [string, string, readonly number[]])[];
}

/** A recorded answer: the file a request resolved to, and the paths whose stamps it depends on. */
interface Answer {
  readonly resolved: string;
  readonly dependsOn: readonly string[];
}

/**
 * Answers `require` calls from `file` where their stamps still hold, asks Node for the rest, and saves what Node
 * answered at exit. Never throws into a command: a damaged or foreign file is not used, and a failed write leaves
 * the cache as it was.
 */
export function installResolveCache(loader: ResolvingLoader, file: string, counts: ResolveCounts): void {
  const stamps = new Map<string, string | undefined>();
  const stampOf = (p: string) => {
    if (!stamps.has(p)) stamps.set(p, stampNow(p));
    return stamps.get(p);
  };
  const context = hashOf(JSON.stringify([process.execArgv, process.env.NODE_OPTIONS ?? '', process.env.NODE_PATH ?? '', process.env.NODE_PRESERVE_SYMLINKS ?? '']));
  const known = readAnswers(file, context, stampOf);
  const fresh = new Map<string, Answer>();
  const resolveFromDisk = loader._resolveFilename;

  loader._resolveFilename = function resolveWithCache(request, parent, isMain, options) {
    if (isMain || options !== undefined || !parent?.filename || isBuiltinRequest(loader, request)) return resolveFromDisk.call(this, request, parent, isMain, options);
    let key: string | undefined;
    let looked: ReturnType<typeof lookedAt>;
    try {
      key = keyOf(request, parent);
      const answer = known.get(key);
      if (answer) {
        counts.resolveHits++;
        return answer.resolved;
      }
      looked = lookedAt(request, parent, stampOf);
    } catch {
      // The cache's own bookkeeping failed: Node answers, and nothing is recorded.
      looked = undefined;
    }
    // Node's answer, or Node's error (a module not found), exactly as without the cache.
    const resolved = resolveFromDisk.call(this, request, parent, isMain, options);
    try {
      const dependsOn = key !== undefined && looked?.found(resolved);
      if (dependsOn && dependsOn.every((p) => stampOf(p) !== undefined)) {
        fresh.set(key!, { resolved, dependsOn });
        counts.resolveMisses++;
      }
    } catch {
      // Not recorded: asked of Node again next time.
    }
    return resolved;
  };

  process.once('exit', () => {
    if (fresh.size === 0) return;
    try {
      writeAnswers(file, context, new Map([...known, ...fresh]), stampOf);
    } catch {
      // A cache that cannot be written is a cache not used next time, never a failed command.
    }
  });
}

/** A request for a file by path (`./x`, `../x`, `/x`) rather than for a package. */
function isPathRequest(request: string): boolean {
  return request === '.' || request === '..' || request.startsWith('./') || request.startsWith('../') || path.isAbsolute(request);
}

function isBuiltinRequest(loader: ResolvingLoader, request: string): boolean {
  return request.startsWith('node:') || loader.isBuiltin(request);
}

/** What an answer depends on besides the request: the caller's folder, and for a package its lookup folders. */
function keyOf(request: string, parent: NodeJS.Module): string {
  const dir = path.dirname(parent.filename);
  return isPathRequest(request) ? `${dir}\0${request}` : `${dir}\0${request}\0${parent.paths.join('\0')}`;
}

/**
 * The paths whose stamps show any change that could alter how Node resolves `request` from `parent`, stamped
 * before Node looks, with `found` completing the list once the answer is known; undefined for a request this
 * cache does not record.
 */
function lookedAt(request: string, parent: NodeJS.Module, stampOf: Stamper): { found(resolved: string): string[] | undefined } | undefined {
  if (isPathRequest(request)) {
    const paths = fileCandidates(path.resolve(path.dirname(parent.filename), request), stampOf);
    return { found: (resolved) => [...paths, path.dirname(resolved)] };
  }
  const name = /^(@[^/]+\/[^/]+|[^@#./][^/]*)/.exec(request)?.[1];
  if (!name) return undefined;
  const paths: string[] = [];
  // The caller's node_modules folders only: a package found in a global folder (NODE_PATH, ~/.node_modules) is not recorded.
  for (const nodeModules of parent.paths ?? []) {
    // A package created in a nearer node_modules folder (or scope folder) changes it, or the folder it is created in.
    paths.push(watched(nodeModules, stampOf));
    if (name.startsWith('@')) paths.push(watched(path.join(nodeModules, name.slice(0, name.indexOf('/'))), stampOf));
    const pkg = path.join(nodeModules, name);
    if (stampOf(pkg) === ABSENT) continue;
    const subpath = request.slice(name.length + 1);
    const own = [...paths, pkg, watched(path.join(pkg, 'package.json'), stampOf), ...(subpath ? fileCandidates(path.join(pkg, subpath), stampOf) : [])];
    return {
      found: (resolved) => {
        const real = fs.realpathSync(pkg);
        // Found elsewhere (the subpath missing here, a package's own name): left to Node every time.
        return resolved === real || resolved.startsWith(real + path.sep) ? [...own, path.dirname(resolved)] : undefined;
      },
    };
  }
  return undefined;
}

/** Gives a path's stamp, the first time it is asked for in this process. */
type Stamper = (p: string) => string | undefined;

/**
 * Where Node looks for the file `base` names: `base` with each extension (entries of its folder), and when `base`
 * is a folder, its `index` files and its package.json `main`.
 */
function fileCandidates(base: string, stampOf: Stamper): string[] {
  const folder = path.dirname(base);
  stampOf(folder);
  return stampOf(base)?.startsWith('d ') ? [folder, base, watched(path.join(base, 'package.json'), stampOf)] : [folder];
}

/** `p` when it exists, else its nearest existing parent folder, whose stamp changes when `p` is created. */
function watched(p: string, stampOf: Stamper): string {
  let at = p;
  while (stampOf(at) === ABSENT && path.dirname(at) !== at) at = path.dirname(at);
  return at;
}

/** The stamp of a path that does not exist. */
const ABSENT = '-';

/** `p`'s stamp now: `-` when it does not exist, undefined when it cannot be read (then nothing depends on it). */
function stampNow(p: string): string | undefined {
  try {
    const s = fs.statSync(p, { throwIfNoEntry: false });
    return s ? `${s.isDirectory() ? 'd' : 'f'} ${s.ino} ${s.size} ${s.mtimeMs} ${s.ctimeMs}` : ABSENT;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOTDIR' ? ABSENT : undefined;
  }
}

/** The answers of `file` whose stamps all hold now; none when it is missing, damaged, foreign or for another context. */
function readAnswers(file: string, context: string, stampOf: Stamper): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  let fd: number;
  try {
    fd = openPrivate(file);
  } catch {
    return answers;
  }
  try {
    const saved = JSON.parse(fs.readFileSync(fd, 'utf8')) as ResolveFile;
    if (saved.format !== 1 || saved.context !== context) return answers;
    const holds = saved.stamps.map(([p, stamp]) => stampOf(p) === stamp);
    for (const [key, resolved, on] of saved.resolutions) {
      if (on.every((i) => holds[i])) answers.set(key, { resolved, dependsOn: on.map((i) => saved.stamps[i][0]) });
    }
  } catch {
    answers.clear();
  } finally {
    fs.closeSync(fd);
  }
  return answers;
}

function writeAnswers(file: string, context: string, answers: Map<string, Answer>, stampOf: Stamper): void {
  const index = new Map<string, number>();
  const stamps: [string, string][] = [];
  const resolutions: [string, string, number[]][] = [];
  for (const [key, { resolved, dependsOn }] of answers) {
    const on = dependsOn.map((p) => {
      if (!index.has(p)) {
        index.set(p, stamps.length);
        stamps.push([p, stampOf(p) as string]);
      }
      return index.get(p) as number;
    });
    resolutions.push([key, resolved, on]);
  }
  const saved: ResolveFile = { format: 1, context, stamps, resolutions };
  writePrivately(file, JSON.stringify(saved));
}
