import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { GovCloudConfig, LoadedTenant } from '../../loader/load-config';
import { INPUTS_FILE, type StackRecord } from '../../check/synth-output';

/**
 * The folders of the toolkit whose code shapes a synthesized stack: a change in any of them may change every
 * stack, so the incremental synth and `pipeline --changed-since` both treat it as a change of every tenant.
 */
export const STACK_CODE_FOLDERS: readonly string[] = ['policy', 'loader', 'constructs', 'stacks'];

let fingerprint: string | undefined;

/**
 * A hash of the toolkit itself: its version, its dependency lock and its own code (compiled JavaScript in
 * dist/, or the TypeScript sources when run from them), so a new toolkit rebuilds every stack. Files are named by
 * their path inside the toolkit, so two copies of one toolkit (two checkouts, two CI jobs) give the same hash and
 * the same `.govcloud-inputs.json`; declarations (`.d.ts`) are left out, as they change nothing a stack holds.
 */
export function toolkitFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  let root = __dirname;
  while (root !== path.dirname(root) && !fs.existsSync(path.join(root, 'package.json'))) root = path.dirname(root);
  for (const file of ['package.json', 'package-lock.json']) {
    const p = path.join(root, file);
    if (fs.existsSync(p)) hash.update(fs.readFileSync(p));
  }
  // The folders holding this file's siblings: `dist/` when compiled, the repository root when run from the sources.
  const codeRoot = path.resolve(__dirname, '../..');
  for (const dir of STACK_CODE_FOLDERS) {
    for (const file of listCode(path.join(codeRoot, dir))) hash.update(path.relative(codeRoot, file)).update(fs.readFileSync(file));
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

function listCode(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? listCode(path.join(dir, e.name)) : /\.(js|ts|json)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : []));
}

const readOrEmpty = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0));

/** What every tenant of a config shares in its input hash: the catalogues and the toolkit, read once per config. */
const sharedInputs = new WeakMap<GovCloudConfig, Buffer>();

function sharedInputsOf(config: GovCloudConfig): Buffer {
  let shared = sharedInputs.get(config);
  if (!shared) {
    // components.yaml decides the vendor rules' findings, so a change to it judges every tenant again.
    shared = Buffer.concat([
      readOrEmpty(path.join(config.dir, 'sites.yaml')),
      readOrEmpty(path.join(config.dir, 'classifications.yaml')),
      readOrEmpty(path.join(config.dir, 'components.yaml')),
      Buffer.from(toolkitFingerprint()),
    ]);
    sharedInputs.set(config, shared);
  }
  return shared;
}

/** The input hash of one tenant's stack: its file, then the site catalogue, the classifications, the components and the toolkit. */
export function tenantInputs(config: GovCloudConfig, tenant: LoadedTenant): string {
  return createHash('sha256').update(readOrEmpty(tenant.file)).update(sharedInputsOf(config)).digest('hex');
}

/** Writes the records, sorted by tenant, so the file is deterministic like the rest of the output. */
export function writeInputs(outDir: string, stacks: ReadonlyMap<string, StackRecord>): void {
  // fromEntries defines each key as an own property, so even a name like __proto__ is written as data.
  const sorted = Object.fromEntries([...stacks.keys()].sort().map((k) => [k, stacks.get(k)]));
  fs.writeFileSync(path.join(outDir, INPUTS_FILE), `${JSON.stringify({ version: 1, stacks: sorted }, null, 2)}\n`);
}
