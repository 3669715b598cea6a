import * as fs from 'fs';
import * as path from 'path';
import { importCircles, importsOf, ROOT, sourceFiles, type Import } from './import-graph';

/**
 * The floors of the house (docs/architecture.md): a file imports only from its own floor or the floors below.
 * `config/` (data) is read by the loader; `policy/` is the pure library everything stands on; `loader/` and
 * `constructs/` stand on it; `check/` (the whole-stack check, which synthesis runs before it publishes) on the
 * loader; `stacks/` on all of them; the features on `stacks/`; `cli/` on the features; `bench/` on anything.
 * Inside `policy/` the same holds between its rooms.
 */
const FLOORS: readonly { readonly floor: number; readonly room: string; readonly match: RegExp }[] = [
  // policy/, bottom up: the model and its small helpers, and what a secret is; tenant rules and the stack
  // document with its readers (synth, plan and state JSON); stack rules; the diff, the plan review and the
  // verification of an applied state; the reports.
  { floor: 0, room: 'policy (model)', match: /^policy\/(model\/)?[^/]+\.ts$/ },
  { floor: 0, room: 'policy/secrets', match: /^policy\/secrets\// },
  { floor: 1, room: 'policy/tenant-rules', match: /^policy\/tenant-rules\// },
  { floor: 1, room: 'policy/terraform', match: /^policy\/terraform\// },
  { floor: 2, room: 'policy/stack-rules', match: /^policy\/stack-rules\// },
  { floor: 3, room: 'policy/diff', match: /^policy\/diff\// },
  { floor: 3, room: 'policy/review', match: /^policy\/review\// },
  { floor: 3, room: 'policy/verify', match: /^policy\/verify\// },
  { floor: 4, room: 'policy/report', match: /^policy\/report\// },
  { floor: 10, room: 'config', match: /^config\// },
  { floor: 10, room: 'loader', match: /^loader\// },
  { floor: 10, room: 'constructs', match: /^constructs\// },
  { floor: 15, room: 'check', match: /^check\// },
  { floor: 20, room: 'stacks', match: /^stacks\// },
  { floor: 40, room: 'evidence', match: /^evidence\// },
  { floor: 40, room: 'bundle', match: /^bundle\// },
  { floor: 40, room: 'pipeline', match: /^pipeline\// },
  { floor: 40, room: 'plan', match: /^plan\// },
  { floor: 50, room: 'cli', match: /^cli\// },
  { floor: 60, room: 'bench', match: /^bench\// },
];

/**
 * Imports between rooms of one floor that are part of the design: the loader compiles the JSON Schemas of
 * `config/schema/`; the plan review labels changes with the diff's risk catalogue.
 */
const ALLOWED_SIDEWAYS: readonly [string, string][] = [
  ['loader', 'config'],
  ['policy/review', 'policy/diff'],
];

/** Imports that break the floors on purpose, each with its reason. None today. */
const EXCEPTIONS: readonly [string, string, string][] = [];

const SOURCE_DIRS = ['policy', 'loader', 'constructs', 'stacks', 'check', 'evidence', 'bundle', 'pipeline', 'plan', 'cli', 'bench'];

function roomOf(file: string) {
  const room = FLOORS.find((f) => f.match.test(file));
  if (!room) throw new Error(`${file} is in no room of the house; add its folder to FLOORS in ${path.relative(ROOT, __filename)}`);
  return room;
}

const files = sourceFiles(SOURCE_DIRS);
const imports: Import[] = files.flatMap(importsOf);

describe('the import floors', () => {
  it('finds the source files and their imports', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(imports.length).toBeGreaterThan(300);
  });

  it('has no import circle', () => {
    expect(importCircles(imports)).toEqual([]);
  });

  it('never imports from a higher floor, nor sideways into another room of the same floor', () => {
    // A folder's index.ts only re-exports: it is the folder's door, not a room, so it is not judged as an importer.
    const wrong = imports
      .filter((i) => !i.from.endsWith('/index.ts'))
      .filter((i) => !EXCEPTIONS.some(([from, to]) => i.from === from && i.to === to))
      .flatMap((i) => {
        const a = roomOf(i.from);
        const b = roomOf(i.to);
        if (b.floor > a.floor) return [`${i.from} -> ${i.to} (${a.room} is below ${b.room})`];
        if (b.floor === a.floor && a.room !== b.room && !ALLOWED_SIDEWAYS.some(([x, y]) => x === a.room && y === b.room)) {
          return [`${i.from} -> ${i.to} (${a.room} and ${b.room} are rooms of one floor)`];
        }
        return [];
      });
    expect(wrong).toEqual([]);
  });

  it('keeps policy/ free of cdktf and of the provider bindings', () => {
    const offenders = sourceFiles(['policy']).filter((f) => /from '(cdktf|@cdktf\/|constructs')/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('file sizes', () => {
  it('keeps every source file at 400 lines or fewer', () => {
    const long = files
      .map((f) => ({ f, lines: fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 400)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
