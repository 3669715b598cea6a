import { spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT } from './run-govcloud';

/** The built compile cache, which also turns on the resolve cache (cli/compile-cache.ts, cli/resolve-cache.ts). */
export const COMPILED = path.join(ROOT, 'dist', 'cli', 'compile-cache.js');

/** What one Node process did with the caches, and the values of the modules it required. */
export interface CacheRun {
  stats: { file?: string; hits: number; misses: number; reads: number; resolveHits: number; resolveMisses: number; unusedBecause?: string };
  values: unknown[];
}

/**
 * Turns the caches on with `env` in a Node process of its own (they replace the process's module loader, which a
 * test must not do to the jest worker), requires `modules` (paths) and returns what the caches did and each
 * module's `value()`, or the `code` of the error its require threw.
 */
export function runWithCache(env: Record<string, string>, modules: string[], nodeOptions: string[] = []): CacheRun {
  const script = `
    const stats = require(${JSON.stringify(COMPILED)}).enableCompileCache(${JSON.stringify(env)});
    const values = ${JSON.stringify(modules)}.map((m) => { try { return require(m).value(); } catch (e) { return e.code; } });
    process.on('exit', () => console.log(JSON.stringify({ stats, values })));`;
  const r = spawnSync(process.execPath, [...nodeOptions, '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the cache run failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout) as CacheRun;
}

/** An inline source map, on a line of its own, mapping the start of every line of the module to line 10 of original.ts. */
export function inlineMap(): string {
  const map = { version: 3, sources: ['original.ts'], names: [], mappings: 'AASA;AAAA' };
  return `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
}
