import * as fs from 'fs';
import * as path from 'path';
import { jsonSyntaxError } from '../policy/terraform/json-syntax-error';
import { InputError } from '../loader/input-error';
import { BundleRefused } from './bundle-refused';
import { bundleEntries, errorText, printable, readBundleFile, unsafeManifestPath, type BundleEntry } from './bundle-entries';
import { MANIFEST_FILE, manifestProblems, type BundleProblem } from './bundle-manifest';

export type { BundleProblem } from './bundle-manifest';
import { MIRROR_FOLDER } from './cli-config';
import { findMirrorPackages, packageHashes } from './provider-mirror';
import { pinnedProviders } from './provider-requirements';
import { standard } from '../policy/source';

/** The supply-chain rule a bundle for an enclave is held to. */
export const BUNDLE_RULE = {
  id: 'SUP-02',
  title: 'A bundle installs providers only from its own filesystem mirror, and its lock file vouches for every package it carries',
  severity: 'error' as const,
  rationale:
    'Inside an enclave a direct or network_mirror installation method is a path out, or an init that hangs on one; a package whose checksum is not in the lock file is one nobody vouched for. ' +
    'The manifest is checked too: a bundle changed on its way in is not the bundle that was reviewed, and a symbolic link or a manifest path outside the bundle makes the check read files that were never reviewed.',
  fix: 'make the bundle again with govcloud bundle (and --provider-mirror for the packages), and carry it unchanged',
  sources: [standard('SecNumCloud 3.2, 14.2.c, 12.10.c'), standard('Terraform CLI configuration (provider_installation) and dependency lock file docs')],
};

/** The files every bundle has; a folder without them is not a bundle. */
const REQUIRED_FILES = ['cdk.tf.json', 'terraform.rc', MANIFEST_FILE];

/**
 * Checks a bundle folder as it will be run inside the enclave: every file is the one `MANIFEST.sha256` lists and
 * nothing was added; the bundle holds only regular files and folders (no symbolic link, to a file or a folder);
 * every manifest line names a file inside the bundle, once; `terraform.rc` installs providers only from a
 * `filesystem_mirror` inside the bundle (no `direct`, no `network_mirror`); every provider package in
 * `providers/` has its checksum in `.terraform.lock.hcl`. A file that cannot be read, or a `cdk.tf.json` that is
 * not JSON, is a problem like any other. A folder that is not a bundle at all is bad input ({@link InputError}).
 */
export function verifyBundle(dir: string): BundleProblem[] {
  for (const file of REQUIRED_FILES) {
    if (!present(path.join(dir, file))) {
      throw new InputError([{ file: dir, field: file, message: 'is missing: this is not a bundle govcloud bundle wrote', fix: 'pass the folder govcloud bundle --out wrote' }]);
    }
  }
  const entries = bundleEntries(dir);
  const refused = entries.flatMap(entryProblem);
  const read = (file: string) => readText(dir, file, entries);
  const manifest = read(MANIFEST_FILE);
  const problems = [...refused, ...('problem' in manifest ? [manifest.problem] : manifestProblems(dir, manifest.text, entries))];
  // Past a link, reading the bundle's contents (the mirror above all) could read what lies outside it: the
  // bundle is refused already, and its contents are not examined further.
  if (refused.length) return problems;
  return [...problems, ...cliConfigProblems(read('terraform.rc')), ...lockProblems(dir, read('cdk.tf.json'), entries)];
}

/** Whether a path exists, a link counting as present even when it leads nowhere (it is refused later, not missed). */
function present(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function entryProblem(e: BundleEntry): BundleProblem[] {
  const file = printable(e.path);
  switch (e.kind) {
    case 'symlink':
      return [{ file, found: `${file} is a symbolic link (to ${e.detail}): a bundle holds files and folders only, and a link can lead outside it` }];
    case 'other':
      return [{ file, found: `${file} is not a regular file or folder (a FIFO, socket or device)` }];
    case 'unreadable':
      return [{ file, found: `${file} cannot be read (${e.detail})` }];
    default:
      return [];
  }
}

type BundleText = { readonly file: string; readonly text: string } | { readonly file: string; readonly problem: BundleProblem };

/** The text of a bundle file found as a regular file by the walk, or the problem that stops it being read. */
function readText(dir: string, file: string, entries: readonly BundleEntry[]): BundleText {
  const entry = entries.find((e) => e.path === file);
  if (entry?.kind !== 'file') return { file, problem: { file, found: `${file} is not a regular file of the bundle` } };
  try {
    return { file, text: readBundleFile(path.join(dir, file)).toString('utf8') };
  } catch (e) {
    return { file, problem: { file, found: `${file} cannot be read (${errorText(e)})` } };
  }
}

/** The body of the first top-level block named `name` in HCL text, found by matching braces outside strings. */
function blockBody(text: string, name: string): string | undefined {
  // `[ \t]*`, not `\s*`: each attempt stays on its line, so a lock file of blank lines is scanned in linear time.
  const start = new RegExp(`(^|\\n)[ \\t]*${name}\\s*\\{`).exec(text);
  if (!start) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start.index + start[0].length - 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start.index + start[0].length, i);
  }
  return undefined;
}

/** HCL text without its whole-line `#` and `//` comments. */
const withoutComments = (text: string) => text.replace(/(^|\n)[ \t]*(#|\/\/)[^\n]*/g, '$1');

/** Names and bodies of the blocks directly inside an HCL body (comments already removed). */
function nestedBlocks(body: string): { name: string; body: string }[] {
  const out: { name: string; body: string }[] = [];
  let depth = 0;
  let current: { name: string; start: number } | undefined;
  // The look-behind starts a name only at its first character: a long word is then scanned once, not once per letter.
  for (const m of body.matchAll(/(?<![\w-])([A-Za-z_][\w-]*)\s*\{|\{|\}/g)) {
    if (m[0] === '}') {
      if (--depth === 0 && current) {
        out.push({ name: current.name, body: body.slice(current.start, m.index) });
        current = undefined;
      }
    } else {
      if (depth === 0 && m[1]) current = { name: m[1], start: m.index! + m[0].length };
      depth++;
    }
  }
  return out;
}

function cliConfigProblems(rc: BundleText): BundleProblem[] {
  if ('problem' in rc) return [rc.problem];
  const { file, text } = rc;
  const installation = blockBody(withoutComments(text), 'provider_installation');
  if (installation === undefined) return [{ file, found: 'no provider_installation block: Terraform falls back to installing from the registry' }];
  const methods = nestedBlocks(installation);
  const out: BundleProblem[] = [];
  for (const m of methods) {
    if (m.name !== 'filesystem_mirror') {
      out.push({ file, found: `provider_installation has a ${m.name} block: it installs from ${m.name === 'direct' ? 'the registry' : 'a network mirror'}, outside the bundle` });
      continue;
    }
    const where = /\bpath\s*=\s*"([^"]*)"/.exec(m.body)?.[1];
    if (where === undefined) out.push({ file, found: 'a filesystem_mirror block without a path' });
    else if (path.isAbsolute(where) || where.split(/[\\/]/).includes('..')) out.push({ file, found: `filesystem_mirror path "${where}" is outside the bundle` });
  }
  if (!methods.some((m) => m.name === 'filesystem_mirror')) out.push({ file, found: 'provider_installation has no filesystem_mirror block' });
  return out;
}

function lockProblems(dir: string, stack: BundleText, entries: readonly BundleEntry[]): BundleProblem[] {
  if ('problem' in stack) return [stack.problem];
  const file = '.terraform.lock.hcl';
  let json: unknown;
  try {
    json = JSON.parse(stack.text);
  } catch (e) {
    return [{ file: stack.file, found: `${stack.file} is not valid JSON (${printable(jsonSyntaxError(e))}): the stack cannot be read, so the providers it pins are unknown` }];
  }
  let providers;
  try {
    providers = pinnedProviders(json, path.basename(dir));
  } catch (e) {
    if (!(e instanceof BundleRefused)) throw e;
    return e.problems.map((p) => ({ file: stack.file, found: printable(p) }));
  }
  // The stack names the mirror folders to look in: an address with ".." would lead the look outside the bundle.
  const outside = providers.filter((p) => unsafeManifestPath(p.address) !== undefined);
  if (outside.length) return outside.map((p) => ({ file: stack.file, found: `provider ${printable(p.name)} has source "${printable(p.address)}", which is not a registry address` }));
  const mirror = path.join(dir, MIRROR_FOLDER);
  // Only the pinned providers that the bundle carries packages of: an empty mirror is for the operator to fill.
  const carried = providers.flatMap((p) => {
    try {
      return findMirrorPackages(mirror, [p]);
    } catch {
      return [];
    }
  });
  if (carried.length === 0) return [];
  if (!entries.some((e) => e.path === file)) return [{ file, found: `missing, though ${MIRROR_FOLDER}/ carries ${carried.length} provider package(s): nothing vouches for them` }];
  const lockText = readText(dir, file, entries);
  if ('problem' in lockText) return [lockText.problem];
  return carried.flatMap((pkg) => {
    const body = blockBody(lockText.text, `provider\\s+"${pkg.provider.address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`) ?? '';
    let contentHash: string;
    try {
      [contentHash] = packageHashes(pkg);
    } catch (e) {
      return [{ file: `${MIRROR_FOLDER}/${pkg.relative}`, found: `${MIRROR_FOLDER}/${pkg.relative} cannot be read (${errorText(e)})` }];
    }
    return body.includes(`"${contentHash}"`)
      ? []
      : [{ file, found: `no checksum ${contentHash} for ${pkg.provider.address} ${pkg.provider.version} ${pkg.platform}, the package in ${MIRROR_FOLDER}/${pkg.relative}` }];
  });
}

/**
 * The pinned providers of a bundle that {@link verifyBundle} found sound but that carries no package of them in
 * `providers/` (a bundle made without `--provider-mirror`): `terraform init` inside the enclave, which installs
 * only from that folder, fails on each. One problem per provider, with its address and version; none when every
 * provider is carried. Call it only on a bundle verifyBundle passed: it reads the stack and the mirror.
 */
export function uncarriedProviders(dir: string): BundleProblem[] {
  let providers;
  try {
    providers = pinnedProviders(JSON.parse(readBundleFile(path.join(dir, 'cdk.tf.json')).toString('utf8')), path.basename(dir));
  } catch {
    return []; // verifyBundle reports an unreadable stack or an unpinned provider
  }
  const mirror = path.join(dir, MIRROR_FOLDER);
  return providers.flatMap((p) => {
    let carried = 0;
    try {
      carried = findMirrorPackages(mirror, [p]).length;
    } catch {
      carried = 0;
    }
    return carried
      ? []
      : [{ file: MIRROR_FOLDER, found: `no package of ${printable(p.address)} ${printable(p.version)} in ${MIRROR_FOLDER}/: terraform init inside the enclave installs only from there and will fail` }];
  });
}
