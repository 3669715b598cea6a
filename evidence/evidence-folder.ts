import * as fs from 'fs';
import * as path from 'path';
import type { ConfigProblem } from '../loader/config-error';
import { UsageError } from '../loader/usage-error';
import { evidenceMarkdown } from './evidence-markdown';
import type { ResidencyEvidence } from './residency-evidence';

/** The two files of one tenant's evidence in the `--out` folder. */
export function evidenceFiles(out: string, tenant: string): { readonly json: string; readonly markdown: string } {
  return { json: path.join(out, `${tenant}.json`), markdown: path.join(out, `${tenant}.md`) };
}

/**
 * Checks the `--out` folder before anything is synthesized or written: it must be a folder, or not exist yet
 * (it is then created), and each `<tenant>.json` and `<tenant>.md` it will write must be absent or an evidence
 * record of that tenant written earlier. Evidence is written beside other files and replaces only its own:
 * a file it did not write (or a symbolic link, which would be written through) is never overwritten. Every
 * problem is reported at once as a {@link UsageError} (exit 2), and nothing is written.
 */
export function checkEvidenceTarget(out: string, tenants: readonly string[]): void {
  const problems: ConfigProblem[] = [];
  const fix = 'name a folder of its own for the evidence (it is created if missing), e.g. --out evidence';
  const stat = lstatOrUndefined(out);
  if (out.trim() === '') problems.push({ file: '(empty)', field: '--out', message: 'is empty', fix });
  else if (stat && !isFolder(out)) problems.push({ file: out, field: '--out', message: 'exists and is not a folder', fix });
  else if (!stat) {
    const parent = nearestExisting(path.resolve(out));
    if (!fs.statSync(parent).isDirectory()) problems.push({ file: out, field: '--out', message: `cannot be created: ${parent} is a file, not a folder`, fix });
  } else {
    for (const tenant of tenants) {
      for (const [kind, file] of Object.entries(evidenceFiles(out, tenant))) {
        const why = notOurs(file, tenant, kind as 'json' | 'markdown');
        if (why) problems.push({ file, field: '--out', message: `${why}; evidence never overwrites a file it did not write`, fix: `move it away, or ${fix}` });
      }
    }
  }
  if (problems.length) throw new UsageError(problems);
}

/**
 * Writes one tenant's evidence (`<tenant>.json`, `<tenant>.md`) into `out`, creating the folder. Each file is
 * written beside its target and renamed over it, so a reader never sees half a record.
 */
export function writeEvidence(out: string, evidence: ResidencyEvidence): { readonly json: string; readonly markdown: string } {
  fs.mkdirSync(out, { recursive: true });
  const files = evidenceFiles(out, evidence.tenant);
  replaceFile(files.json, `${JSON.stringify(evidence, null, 2)}\n`);
  replaceFile(files.markdown, evidenceMarkdown(evidence));
  return files;
}

function replaceFile(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Why `file` may not be replaced, or `undefined` when it is absent or an evidence record of `tenant`. */
function notOurs(file: string, tenant: string, kind: 'json' | 'markdown'): string | undefined {
  const stat = lstatOrUndefined(file);
  if (!stat) return undefined;
  if (stat.isSymbolicLink()) return 'is a symbolic link';
  if (!stat.isFile()) return 'exists and is not a file';
  const text = fs.readFileSync(file, 'utf8');
  if (kind === 'markdown') return text.startsWith(`# Residency evidence: ${tenant}\n`) ? undefined : 'exists and is not an evidence record of this tenant';
  try {
    const json = JSON.parse(text) as Partial<ResidencyEvidence> | null;
    if (json && json.tenant === tenant && Array.isArray(json.rules) && typeof json.evaluatedOn === 'string') return undefined;
  } catch {
    // not JSON: not ours
  }
  return 'exists and is not an evidence record of this tenant';
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

/** The closest ancestor of `p` that exists (at worst the root). */
function nearestExisting(p: string): string {
  let dir = path.dirname(p);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
