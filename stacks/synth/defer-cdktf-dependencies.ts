/**
 * Imported for its effect, before anything loads cdktf (first import of `stacks/synth/index.ts` and of the synth
 * worker): cdktf 0.21 requires `archiver` (zip archives of assets, about 250 modules with its lodash, glob and
 * readable-stream) and `semver` (checks of a terraform binary's version) when it loads, and the toolkit's stacks
 * use neither. Each is replaced in Node's module cache by a stand-in that loads the real module the first time it
 * is called or read, so a one-tenant synth no longer pays for loading them (about 0.2 s of its start-up on the
 * 2-core development machine) and a stack that does use them still gets them.
 */
import Module, { createRequire } from 'module';

/** The packages cdktf requires at load and the toolkit does not use. */
export const DEFERRED_CDKTF_DEPENDENCIES: readonly string[] = ['archiver', 'semver'];

/**
 * Puts a stand-in for each of `names`, as cdktf resolves it, into the module cache, unless it is loaded already
 * or cannot be resolved (then cdktf loads it as before). Returns the files that were deferred.
 */
export function deferCdktfDependencies(names: readonly string[] = DEFERRED_CDKTF_DEPENDENCIES): string[] {
  let fromCdktf: NodeJS.Require;
  try {
    fromCdktf = createRequire(require.resolve('cdktf'));
  } catch {
    return [];
  }
  const deferred: string[] = [];
  for (const name of names) {
    let file: string;
    try {
      file = fromCdktf.resolve(name);
    } catch {
      continue;
    }
    if (require.cache[file]) continue;
    let real: unknown;
    const load = (): object => {
      if (real === undefined) {
        // The stand-in leaves the cache, so the real module takes its place for everyone who asks from now on.
        if (require.cache[file] === stub) delete require.cache[file];
        real = fromCdktf(file);
      }
      return real as object;
    };
    const exports = loadedOnFirstUse(load);
    const stub = new Module(file);
    stub.filename = file;
    stub.loaded = true;
    stub.exports = exports;
    require.cache[file] = stub;
    deferred.push(file);
  }
  return deferred;
}

/**
 * A stand-in for a module's exports that calls `load` the first time it is called, constructed or read, and from
 * then on acts as what `load` returned (a function or an object). Also used by the tests' jest stand-ins
 * (`test/lazy/`), since jest's module registry does not consult Node's module cache.
 */
export function loadedOnFirstUse(load: () => object): object {
  const target = function () {} as unknown as object;
  return new Proxy(target, {
    apply: (_, self, args: unknown[]) => Reflect.apply(load() as (...a: unknown[]) => unknown, self, args),
    construct: (_, args: unknown[]) => Reflect.construct(load() as new (...a: unknown[]) => object, args),
    get: (_, key) => Reflect.get(load(), key),
    has: (_, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), key);
      // A proxy may not report as non-configurable what its target lacks.
      return d && { ...d, configurable: true };
    },
  });
}

deferCdktfDependencies();
