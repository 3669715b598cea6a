import { BundleRefused } from './bundle-refused';

/** One provider a stack requires, pinned to one exact version. */
export interface PinnedProvider {
  /** Local name in `required_providers` (`vsphere`). */
  readonly name: string;
  /** Fully qualified source address, lower case (`registry.terraform.io/vmware/vsphere`). */
  readonly address: string;
  readonly hostname: string;
  readonly namespace: string;
  readonly type: string;
  /** The one version (`2.15.0`), without `=`. */
  readonly version: string;
}

/** The registry a source without a host means. */
const DEFAULT_REGISTRY = 'registry.terraform.io';

/**
 * One exact version: `2.15.0` or `= 2.15.0` (a pre-release suffix is still one version). The same pins stack
 * rule SUP-01 accepts.
 */
const EXACT_VERSION = /^\s*=?\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\s*$/;

/**
 * The providers of a synthesized stack (`terraform.required_providers` of its JSON), sorted by address. A
 * bundle installs exactly the versions its lock file records, so every provider must be pinned to one version:
 * any range (`~>`, `>=`, `,`), missing version or unreadable source refuses the bundle, naming each provider
 * and the fix.
 */
export function pinnedProviders(stack: unknown, stackName: string): PinnedProvider[] {
  const terraform = isObject(stack) && isObject(stack.terraform) ? stack.terraform : {};
  const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
  const problems: string[] = [];
  const pinned: PinnedProvider[] = [];
  for (const [name, raw] of Object.entries(required)) {
    // Terraform before 0.13 allowed `name = "version"`; it means source hashicorp/<name>.
    const entry = typeof raw === 'string' ? { version: raw } : isObject(raw) ? raw : {};
    const source = typeof entry.source === 'string' && entry.source !== '' ? entry.source : `hashicorp/${name}`;
    const parts = source.toLowerCase().split('/');
    const [hostname, namespace, type] = parts.length === 3 ? parts : parts.length === 2 ? [DEFAULT_REGISTRY, ...parts] : parts.length === 1 ? [DEFAULT_REGISTRY, 'hashicorp', parts[0]] : [];
    if (!hostname || !namespace || !type) {
      problems.push(`provider ${name} has source "${source}", which is not [host/]namespace/type. Fix: set source to namespace/type, e.g. "hashicorp/vault"`);
      continue;
    }
    const version = typeof entry.version === 'string' ? EXACT_VERSION.exec(entry.version)?.[1] : undefined;
    if (!version) {
      const found = typeof entry.version === 'string' && entry.version.trim() !== '' ? `version "${entry.version}", a range` : 'no version';
      problems.push(`provider ${name} (${hostname}/${namespace}/${type}) has ${found}. Fix: pin it to the one release the bundle carries, e.g. version = "1.2.3" (not "~> 1.2", ">= 1.2" or a list)`);
      continue;
    }
    pinned.push({ name, address: `${hostname}/${namespace}/${type}`, hostname, namespace, type, version });
  }
  if (problems.length) throw new BundleRefused(stackName, problems);
  return pinned.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
