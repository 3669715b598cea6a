import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '../..');

/** One import of one source file: the file it names, resolved, relative to the root. */
export interface Import {
  readonly from: string;
  readonly to: string;
  /** `type` imports vanish at compile time, but a type still belongs to a floor. */
  readonly typeOnly: boolean;
}

/** Every `.ts` file under `dirs`, relative to the root, sorted. */
export function sourceFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(r);
    }
  };
  for (const d of dirs) if (fs.existsSync(path.join(ROOT, d))) walk(d);
  return out.sort();
}

// `import x from '...'`, `import type {...} from '...'`, `export ... from '...'`, `import('...')`, `require('...')`:
// every way a file of this repository names another. Comments are stripped first so examples in TSDoc do not count.
const STATIC = /^\s*(import|export)\s+(type\s+)?[^'";]*?\bfrom\s+'([^']+)'/gm;
const BARE = /^\s*import\s+'([^']+)'/gm;
const DYNAMIC = /\b(?:import|require)\(\s*'([^']+)'\s*\)/g;

/** The repository files `file` imports (packages and Node built-ins left out). */
export function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(STATIC)) found.push({ spec: m[3], typeOnly: m[2] !== undefined || /^\s*import\s+type\b/.test(m[0]) });
  for (const m of text.matchAll(BARE)) found.push({ spec: m[1], typeOnly: false });
  for (const m of text.matchAll(DYNAMIC)) found.push({ spec: m[1], typeOnly: false });
  return found
    .filter((f) => f.spec.startsWith('.'))
    .map((f) => ({ from: file, to: resolve(file, f.spec), typeOnly: f.typeOnly }));
}

function resolve(from: string, spec: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
  return base;
}

/** The import circles among `files` (strongly connected components of more than one file, or a file importing itself). */
export function importCircles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const i of imports) edges.set(i.from, [...(edges.get(i.from) ?? []), i.to]);
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1 || (edges.get(v) ?? []).includes(v)) circles.push(part.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) visit(v);
  return circles;
}
