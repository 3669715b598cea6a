import * as fs from 'fs';
import * as path from 'path';
import type { ConfigProblem } from '../loader/config-error';
import { InputError } from '../loader/input-error';
import { legacyZipHash, packageDirHash, packageZipHash } from './package-hash';
import type { PinnedProvider } from './provider-requirements';

/** One provider package found in a mirror, for one platform. */
export interface MirrorPackage {
  readonly provider: PinnedProvider;
  /** `linux_amd64`. */
  readonly platform: string;
  /** `unpacked`: `HOST/NS/TYPE/VERSION/OS_ARCH/`; `packed`: `HOST/NS/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip`. */
  readonly layout: 'unpacked' | 'packed';
  /** Where it is in the mirror it was found in. */
  readonly source: string;
  /** Where it goes in a mirror, relative to the mirror root, with forward slashes. */
  readonly relative: string;
}

const PLATFORM = /^[a-z0-9]+_[a-z0-9]+$/;

/**
 * Every package of the pinned providers' exact versions in `mirror`, a folder laid out as Terraform's
 * filesystem mirrors are (either layout, every platform present). Other providers and versions in the mirror are
 * ignored. A pinned provider with no package there is bad input: every missing one is reported at once, with the
 * command that fills a mirror on a connected machine.
 */
export function findMirrorPackages(mirror: string, providers: readonly PinnedProvider[]): MirrorPackage[] {
  const found: MirrorPackage[] = [];
  const problems: ConfigProblem[] = [];
  for (const p of providers) {
    const typeDir = [p.hostname, p.namespace, p.type];
    const versionDir = path.join(mirror, ...typeDir, p.version);
    const packages: MirrorPackage[] = [];
    if (isDirectory(versionDir)) {
      for (const platform of fs.readdirSync(versionDir).sort()) {
        if (PLATFORM.test(platform) && isDirectory(path.join(versionDir, platform))) {
          packages.push({ provider: p, platform, layout: 'unpacked', source: path.join(versionDir, platform), relative: [...typeDir, p.version, platform].join('/') });
        }
      }
    }
    const prefix = `terraform-provider-${p.type}_${p.version}_`;
    const zips = isDirectory(path.join(mirror, ...typeDir)) ? fs.readdirSync(path.join(mirror, ...typeDir)).sort() : [];
    for (const file of zips) {
      const platform = file.startsWith(prefix) && file.endsWith('.zip') ? file.slice(prefix.length, -'.zip'.length) : '';
      if (PLATFORM.test(platform)) {
        packages.push({ provider: p, platform, layout: 'packed', source: path.join(mirror, ...typeDir, file), relative: [...typeDir, file].join('/') });
      }
    }
    if (packages.length === 0) {
      problems.push({
        file: mirror,
        field: `${p.address} ${p.version}`,
        message: `the mirror has no package of provider ${p.name} version ${p.version} (looked for ${path.join(...typeDir, p.version, 'OS_ARCH')}/ and ${path.join(...typeDir, `${prefix}OS_ARCH.zip`)})`,
        fix: `on a connected machine, run terraform providers mirror -platform=linux_amd64 ${mirror} in the folder of the stack's cdk.tf.json, then bundle again`,
      });
    }
    found.push(...packages);
  }
  if (problems.length) throw new InputError(problems);
  return found;
}

/** The lock-file checksums of one package: `h1:` of its contents, and `zh:` of the archive when packed. */
export function packageHashes(pkg: MirrorPackage): string[] {
  return pkg.layout === 'unpacked' ? [packageDirHash(pkg.source)] : [packageZipHash(pkg.source), legacyZipHash(pkg.source)];
}

/**
 * Puts `pkg` into the mirror rooted at `root`, in the same layout. Files are hard-linked where the file system
 * allows it (a provider binary is hundreds of megabytes) and copied otherwise; symbolic links are followed, so
 * the bundle holds the files themselves.
 */
export function copyPackage(pkg: MirrorPackage, root: string): void {
  const target = path.join(root, ...pkg.relative.split('/'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  copyTree(fs.realpathSync(pkg.source), target);
}

function copyTree(source: string, target: string): void {
  if (fs.statSync(source).isDirectory()) {
    fs.mkdirSync(target, { recursive: true });
    for (const name of fs.readdirSync(source).sort()) copyTree(fs.realpathSync(path.join(source, name)), path.join(target, name));
    return;
  }
  try {
    fs.linkSync(source, target);
  } catch {
    // Another file system, or one without hard links: copy (the mode is kept, so the plugin stays executable).
    fs.copyFileSync(source, target);
  }
}

function isDirectory(p: string): boolean {
  return fs.existsSync(p) && fs.statSync(p).isDirectory();
}
