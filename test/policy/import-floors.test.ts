import * as fs from 'fs';
import * as path from 'path';
import { importCircles, importsOf, ROOT, sourceFiles, type Import } from '../architecture/import-graph';

/**
 * The floors of `policy/`, lowest first. A file imports from its own floor or below, never from above; so the rules
 * lean on the model and never on the reports, and a newcomer can read the library from the ground up. A folder's
 * `index.ts` only re-exports: it is the folder's door, not a room, so it is not judged as an importer.
 */
const FLOORS: Readonly<Record<string, number>> = {
  // The model, findings, rule descriptions, suppressions, placement, hosts and IPv4 networks; what a secret is.
  '': 0,
  secrets: 0,
  // Rules over declared tenants; the Terraform document and its readers (synth JSON, plan JSON).
  'tenant-rules': 1,
  terraform: 1,
  // Rules over what Terraform will receive.
  'stack-rules': 2,
  // What changes between two synths, and what a plan will do.
  diff: 3,
  review: 3,
  // Every output format.
  report: 4,
};

/** The folder directly under `policy/` that holds `file` (`''` for the root files). */
const roomOf = (file: string) => {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1] : '';
};

const files = sourceFiles(['policy']);
const imports: Import[] = files.flatMap(importsOf);

describe('policy/ floors', () => {
  it('gives every folder of policy/ a floor', () => {
    expect([...new Set(files.map(roomOf))].filter((room) => !(room in FLOORS))).toEqual([]);
  });

  it('imports nothing outside policy/ and no cdktf: a pure library', () => {
    expect(imports.filter((i) => !i.to.startsWith('policy/')).map((i) => `${i.from} -> ${i.to}`)).toEqual([]);
    const cdktf = files.filter((f) => /from '(cdktf|constructs|@cdktf\/[^']*)'/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(cdktf).toEqual([]);
  });

  it('never imports from a higher floor', () => {
    const upward = imports
      .filter((i) => !i.from.endsWith('/index.ts') && i.to.startsWith('policy/'))
      .filter((i) => FLOORS[roomOf(i.to)] > FLOORS[roomOf(i.from)])
      .map((i) => `${i.from} -> ${i.to}`);
    expect(upward).toEqual([]);
  });

  it('has no import circle', () => {
    expect(importCircles(imports)).toEqual([]);
  });

  it('keeps every file under 400 lines', () => {
    const long = files.filter((f) => fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').length > 400);
    expect(long).toEqual([]);
  });
});
