import * as path from 'path';
import { errorText, printable, unsafeManifestPath, type BundleEntry } from './bundle-entries';
import { filesUnder, sha256File } from './package-hash';

/** One way a bundle breaks SUP-02 (`BUNDLE_RULE` in verify-bundle.ts): the file to blame and what was found. */
export interface BundleProblem {
  /** The bundle file to blame, relative to the bundle. */
  readonly file: string;
  readonly found: string;
}

/** The name of the bundle's checksum list. */
export const MANIFEST_FILE = 'MANIFEST.sha256';

/**
 * `MANIFEST.sha256`: one `sha256sum` line (`<hex>  <path>`) for every other file of the bundle, sorted by path,
 * so `sha256sum -c MANIFEST.sha256` in the bundle folder checks that nothing was changed, added to a listed file
 * or lost on the way into the enclave.
 */
export function renderManifest(bundleDir: string): string {
  return filesUnder(bundleDir)
    .filter((f) => f !== MANIFEST_FILE)
    .map((f) => `${sha256File(path.join(bundleDir, ...f.split('/')))}  ${f}\n`)
    .join('');
}

/**
 * What is wrong with the bundle's entries against its manifest (`manifestText`): every line well formed, naming a
 * file inside the bundle once; every listed file present with its checksum; every other regular file listed.
 * `entries` come from {@link bundleEntries}: only regular files found by that walk are hashed, so a line can
 * never make the check read a file outside the bundle or through a link. Links, special files and unreadable
 * entries are refused by the caller, once each; a listed path that is one of them is not reported again here.
 */
export function manifestProblems(dir: string, manifestText: string, entries: readonly BundleEntry[]): BundleProblem[] {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const listed = new Map<string, string>();
  const out: BundleProblem[] = [];
  const lines = manifestText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const where = `${MANIFEST_FILE} line ${i + 1}`;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) {
      out.push({ file: MANIFEST_FILE, found: `${where} is not "<sha256>  <file>": ${JSON.stringify(line.slice(0, 80))}` });
      continue;
    }
    const [, hash, file] = m;
    const unsafe = file === MANIFEST_FILE ? 'is the manifest itself, which cannot list its own checksum' : unsafeManifestPath(file);
    if (unsafe) out.push({ file: MANIFEST_FILE, found: `${where} lists "${printable(file)}", which ${unsafe}` });
    else if (listed.has(file)) out.push({ file: MANIFEST_FILE, found: `${where} lists ${file} again: every file is listed once` });
    else listed.set(file, hash);
  }
  for (const [file, hash] of listed) {
    const entry = byPath.get(file);
    if (entry === undefined) out.push({ file, found: `${file} is listed in ${MANIFEST_FILE} but is not a file in the bundle` });
    else if (entry.kind === 'file') {
      let actual: string;
      try {
        actual = sha256File(path.join(dir, ...file.split('/')), { followSymlink: false });
      } catch (e) {
        out.push({ file, found: `${file} cannot be read (${errorText(e)})` });
        continue;
      }
      if (actual !== hash) out.push({ file, found: `${file} does not match its checksum in ${MANIFEST_FILE}: it was changed after the bundle was made` });
    }
  }
  for (const e of entries) {
    if (e.kind === 'file' && e.path !== MANIFEST_FILE && !listed.has(e.path)) {
      out.push({ file: printable(e.path), found: `${printable(e.path)} is not listed in ${MANIFEST_FILE}: it was added after the bundle was made` });
    }
  }
  return out;
}
