import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../config/config-error';
import { MANIFEST_FILE } from './bundle-manifest';
import { MIRROR_FOLDER } from './cli-config';
import { filesUnder, sha256File } from './package-hash';
import { findMirrorPackages, packageHashes } from './provider-mirror';
import { pinnedProviders } from './provider-requirements';

/** The supply-chain rule a bundle for an enclave is held to. */
export const BUNDLE_RULE = {
  id: 'SUP-02',
  title: 'A bundle installs providers only from its own filesystem mirror, and its lock file vouches for every package it carries',
  severity: 'error' as const,
  rationale:
    'Inside an enclave a direct or network_mirror installation method is a path out, or an init that hangs on one; a package whose checksum is not in the lock file is one nobody vouched for. ' +
    'The manifest is checked too: a bundle changed on its way in is not the bundle that was reviewed.',
  fix: 'make the bundle again with govcloud bundle (and --provider-mirror for the packages), and carry it unchanged',
  source: 'SecNumCloud 14.2.c, 12.10.c; Terraform CLI configuration (provider_installation) and dependency lock file docs',
};

/** One way a bundle breaks {@link BUNDLE_RULE}. */
export interface BundleProblem {
  /** The bundle file to blame, relative to the bundle. */
  readonly file: string;
  readonly found: string;
}

/**
 * Checks a bundle folder as it will be run inside the enclave: every file is the one `MANIFEST.sha256` lists and
 * nothing was added; `terraform.rc` installs providers only from a `filesystem_mirror` inside the bundle (no
 * `direct`, no `network_mirror`); every provider package in `providers/` has its checksum in
 * `.terraform.lock.hcl`. A folder that is not a bundle at all is bad input ({@link ConfigError}).
 */
export function verifyBundle(dir: string): BundleProblem[] {
  for (const file of ['cdk.tf.json', 'terraform.rc', MANIFEST_FILE]) {
    if (!fs.existsSync(path.join(dir, file))) {
      throw new ConfigError([{ file: dir, field: file, message: 'is missing: this is not a bundle govcloud bundle wrote', fix: 'pass the folder govcloud bundle --out wrote' }]);
    }
  }
  return [...manifestProblems(dir), ...cliConfigProblems(dir), ...lockProblems(dir)];
}

function manifestProblems(dir: string): BundleProblem[] {
  const listed = new Map<string, string>();
  const out: BundleProblem[] = [];
  for (const line of fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8').split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) out.push({ file: MANIFEST_FILE, found: `a line that is not "<sha256>  <file>": ${JSON.stringify(line.slice(0, 80))}` });
    else listed.set(m[2], m[1]);
  }
  for (const [file, hash] of listed) {
    const full = path.join(dir, ...file.split('/'));
    if (!fs.existsSync(full)) out.push({ file, found: `${file} is listed in ${MANIFEST_FILE} but missing` });
    else if (sha256File(full) !== hash) out.push({ file, found: `${file} does not match its checksum in ${MANIFEST_FILE}: it was changed after the bundle was made` });
  }
  for (const file of filesUnder(dir)) {
    if (file !== MANIFEST_FILE && !listed.has(file)) out.push({ file, found: `${file} is not listed in ${MANIFEST_FILE}: it was added after the bundle was made` });
  }
  return out;
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

function cliConfigProblems(dir: string): BundleProblem[] {
  const file = 'terraform.rc';
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
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

function lockProblems(dir: string): BundleProblem[] {
  const file = '.terraform.lock.hcl';
  const providers = pinnedProviders(JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as unknown, path.basename(dir));
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
  const lockFile = path.join(dir, file);
  if (!fs.existsSync(lockFile)) return [{ file, found: `missing, though ${MIRROR_FOLDER}/ carries ${carried.length} provider package(s): nothing vouches for them` }];
  const lock = fs.readFileSync(lockFile, 'utf8');
  return carried.flatMap((pkg) => {
    const body = blockBody(lock, `provider\\s+"${pkg.provider.address.replace(/[.]/g, '\\.')}"`) ?? '';
    const [contentHash] = packageHashes(pkg);
    return body.includes(`"${contentHash}"`)
      ? []
      : [{ file, found: `no checksum ${contentHash} for ${pkg.provider.address} ${pkg.provider.version} ${pkg.platform}, the package in ${MIRROR_FOLDER}/${pkg.relative}` }];
  });
}
