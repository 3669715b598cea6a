import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../loader/input-error';
import { UsageError } from '../loader/usage-error';
import { MANIFEST_FILE, renderManifest } from './bundle-manifest';
import { filesUnder, withFileHashes } from './package-hash';
import { MIRROR_FOLDER, renderCliConfig } from './cli-config';
import { renderLockFile } from './lock-file';
import { copyPackage, findMirrorPackages, packageHashes, type MirrorPackage } from './provider-mirror';
import { pinnedProviders, type PinnedProvider } from './provider-requirements';
import { renderVerifyGuide } from './verify-guide';
import { BUNDLE_RULE, verifyBundle } from './verify-bundle';

/** Where a bundle goes and what it carries. */
export interface BundleOptions {
  /** The folder to create. It must not exist, or be empty; it is written whole or not at all. */
  readonly outDir: string;
  /**
   * A folder laid out as a Terraform filesystem mirror (`HOST/NS/TYPE/VERSION/OS_ARCH/` or
   * `HOST/NS/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip`) holding the stack's exact provider versions.
   * They are copied into the bundle's `providers/` and their checksums written to `.terraform.lock.hcl`.
   * @default - no provider is carried and there is no lock file: verify-bundle refuses the bundle, init would fail
   */
  readonly providerMirror?: string;
}

/** A synthesized stack to bundle. */
export interface BundledStack {
  /** Stack (tenant) name. */
  readonly name: string;
  /** The text of its `cdk.tf.json`, carried byte for byte. */
  readonly json: string;
  /**
   * One line for `VERIFY.md` saying what the stack is.
   * @default - none
   */
  readonly summary?: string;
  /**
   * Other files to carry byte for byte, by name at the bundle's top (an OpenBao site's `openbao-audit.hcl`: the
   * audit stanzas its servers must be configured with, since OpenBao refuses `sys/audit`).
   * @default - none
   */
  readonly extraFiles?: Readonly<Record<string, string>>;
}

/** What a bundle holds. */
export interface BundleResult {
  readonly outDir: string;
  readonly providers: readonly PinnedProvider[];
  /** The provider packages carried, as found in the mirror (`relative` is also their place in `providers/`). */
  readonly packages: readonly MirrorPackage[];
  /** Every file of the bundle, relative with forward slashes, sorted. */
  readonly files: readonly string[];
}

/** The file names of a bundle. */
export const BUNDLE_FILES = { stack: 'cdk.tf.json', cliConfig: 'terraform.rc', lock: '.terraform.lock.hcl', guide: 'VERIFY.md', manifest: MANIFEST_FILE } as const;

/**
 * Checks the arguments of a bundle before anything is synthesized or written: `outDir` must be new or empty
 * and the mirror, when given, a folder. Bad arguments throw a {@link UsageError} (exit 2).
 */
export function checkBundleTarget(options: BundleOptions): void {
  const out = path.resolve(options.outDir);
  if (fs.existsSync(out) && (!fs.statSync(out).isDirectory() || fs.readdirSync(out).length > 0)) {
    throw new UsageError([{ file: options.outDir, field: '--out', message: 'exists and is not an empty folder; a bundle is never written over other files', fix: 'remove it, or name a new folder' }]);
  }
  if (options.providerMirror !== undefined && !(fs.existsSync(options.providerMirror) && fs.statSync(options.providerMirror).isDirectory())) {
    throw new UsageError([
      { file: options.providerMirror, field: '--provider-mirror', message: 'is not a folder', fix: 'name a folder laid out as a Terraform filesystem mirror (terraform providers mirror DIR makes one)' },
    ]);
  }
}

/**
 * Writes the bundle of one synthesized stack: `cdk.tf.json`, `terraform.rc` (filesystem mirror only),
 * `providers/` (with the mirror's packages of the pinned versions, when a mirror is given), `.terraform.lock.hcl`
 * (checksums computed from the packages in the bundle), `VERIFY.md` and `MANIFEST.sha256`. The bundle is built in
 * a temporary folder beside `outDir` and renamed into place only when complete. Unpinned providers refuse it
 * ({@link BundleRefused}); bad arguments throw a {@link UsageError}, a mirror lacking a pinned version an {@link InputError}.
 * Deterministic: the same stack and packages give the same bytes.
 */
export function writeBundle(stack: BundledStack, options: BundleOptions): BundleResult {
  // The packages are hashed for the lock file, the manifest and the check of both: each file is read once.
  return withFileHashes(() => writeBundleFiles(stack, options));
}

function writeBundleFiles(stack: BundledStack, options: BundleOptions): BundleResult {
  checkBundleTarget(options);
  let stackJson: Record<string, unknown>;
  try {
    stackJson = JSON.parse(stack.json) as Record<string, unknown>;
  } catch (e) {
    throw new InputError([{ file: stack.name, field: BUNDLE_FILES.stack, message: `is not JSON (${(e as Error).message})`, fix: 'bundle a stack synthesized by govcloud synth' }]);
  }
  const providers = pinnedProviders(stackJson, stack.name);
  const found = options.providerMirror === undefined ? [] : findMirrorPackages(path.resolve(options.providerMirror), providers);

  const outDir = path.resolve(options.outDir);
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const tmp = fs.mkdtempSync(`${outDir}.tmp-`);
  try {
    fs.chmodSync(tmp, 0o755); // mkdtemp makes it private; the bundle is read by whoever carries it
    const write = (file: string, text: string) => fs.writeFileSync(path.join(tmp, file), text, { mode: 0o644 });
    write(BUNDLE_FILES.stack, stack.json);
    for (const name of Object.keys(stack.extraFiles ?? {}).sort()) write(path.basename(name), stack.extraFiles![name]);
    write(BUNDLE_FILES.cliConfig, renderCliConfig(providers));
    const mirror = path.join(tmp, MIRROR_FOLDER);
    fs.mkdirSync(mirror);
    fs.writeFileSync(path.join(mirror, 'README.md'), mirrorReadme(providers), { mode: 0o644 });
    // The packages in the bundle are what Terraform will check, so their checksums are computed from the copies.
    const copies = found.map((pkg) => {
      copyPackage(pkg, mirror);
      return { ...pkg, source: path.join(mirror, ...pkg.relative.split('/')) };
    });
    if (copies.length) {
      const locked = providers.map((provider) => ({ provider, hashes: copies.filter((p) => p.provider.address === provider.address).flatMap(packageHashes) }));
      write(BUNDLE_FILES.lock, renderLockFile(locked));
    }
    const files = [...filesUnder(tmp), BUNDLE_FILES.guide, BUNDLE_FILES.manifest].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    write(BUNDLE_FILES.guide, renderVerifyGuide({ stack: stack.name, summary: stack.summary, providers, packages: found, files: files.filter((f) => f !== BUNDLE_FILES.manifest), stackJson }));
    write(BUNDLE_FILES.manifest, renderManifest(tmp));
    // The bundle is held to the rule an operator can check it against (govcloud verify-bundle) before it is published.
    const problems = verifyBundle(tmp);
    if (problems.length) throw new Error(`the bundle of ${stack.name} breaks ${BUNDLE_RULE.id}: ${problems.map((p) => p.found).join('; ')}`);
    if (fs.existsSync(outDir)) fs.rmdirSync(outDir); // checked empty above
    fs.renameSync(tmp, outDir);
    return { outDir, providers, packages: found, files };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `providers/README.md`: what belongs in the mirror folder. */
function mirrorReadme(providers: readonly PinnedProvider[]): string {
  return [
    '# Provider mirror of this bundle',
    '',
    'Terraform installs providers only from this folder (see `../terraform.rc`), laid out as a filesystem mirror:',
    '`HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/` (unpacked) or `HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip`',
    '(packed). The stack needs exactly:',
    '',
    ...providers.map((p) => `- \`${p.address}\` ${p.version}`),
    '',
  ].join('\n');
}
