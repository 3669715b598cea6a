/**
 * Rules over what Terraform downloads to run a stack: SUP-01 (providers) and SUP-03
 * (modules of the root module). SUP-02 judges the CLI configuration and lock file of a bundle, which are not in
 * the stack JSON (`govcloud verify-bundle`, bundle/verify-bundle.ts).
 */
import { hostOf, hostReachable } from '../hosts';
import { stackFinding, type StackRule } from './stack-rule';
import type { StackFinding } from '../finding';
import { standard } from '../source';

const REQUIRED_PROVIDERS = 'terraform.required_providers';

/** The registry a bare `namespace/name` source means. */
const DEFAULT_REGISTRY = 'registry.terraform.io';

/** One exact version, `5.6.0` or `= 5.6.0` (a pre-release suffix is still one version). */
const EXACT_VERSION = /^\s*=?\s*\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?\s*$/;

/** `hashicorp/vault` gives the default registry; `registry.example/ns/name` gives that host; anything else is malformed. */
function registryOf(source: string): string | undefined {
  const parts = source.split('/');
  if (parts.length === 2 && parts.every(Boolean)) return DEFAULT_REGISTRY;
  if (parts.length === 3 && parts.every(Boolean)) return parts[0].toLowerCase();
  return undefined;
}

export const SUP_01: StackRule = {
  id: 'SUP-01',
  title: 'Every provider is pinned to one exact version from an allowed registry',
  severity: 'error',
  rises: false,
  rationale:
    'A version range lets terraform init take a release nobody reviewed; only providers are recorded in the lock file, so the pin in the JSON is what review sees. ' +
    'The source names the publisher: the public registry (what a bare namespace/name means), or a registry host in the site or among its allowed egress hosts.',
  fix: 'set version to one release ("5.6.0") and source to namespace/name on the public registry or on a registry host of the site, then record hashes with terraform providers lock',
  sources: [standard('SecNumCloud 3.2, 14.2.c'), standard('Terraform docs (dependency lock file, provider source addresses)')],
  examines: [REQUIRED_PROVIDERS],
  check(ctx) {
    const fix = ctx.site.airGapped
      ? `${this.fix}; inside the enclave, install it from a filesystem mirror filled with terraform providers mirror (the source address stays the same)`
      : this.fix;
    const allowedHosts = `${DEFAULT_REGISTRY}${ctx.site.airGapped ? '' : ctx.site.allowedEgressHosts.map((h) => `, ${h}`).join('')}, or a host under ${ctx.site.domains.join(', ')}`;
    return Object.entries(ctx.doc.requiredProviders).flatMap(([name, raw]) => {
      // Terraform before 0.13 allowed `name = "version"`; it means no source (hashicorp/<name> is assumed).
      const entry: { source?: unknown; version?: unknown } = typeof raw === 'string' ? { version: raw } : ((raw ?? {}) as { source?: unknown; version?: unknown });
      const out = [];
      const version = entry.version;
      if (!(typeof version === 'string' && EXACT_VERSION.test(version))) {
        out.push(
          stackFinding(this, ctx, REQUIRED_PROVIDERS, {
            attribute: `${name}.version`,
            found: typeof version === 'string' && version !== '' ? `provider ${name} has version "${version}", a range` : `provider ${name} has no version: terraform init takes the newest release`,
            allowed: 'one exact version, "x.y.z" or "= x.y.z"',
            fix,
          }),
        );
      }
      const source = entry.source;
      const registry = typeof source === 'string' ? registryOf(source) : undefined;
      const reason =
        typeof source !== 'string' || source === ''
          ? `provider ${name} has no source: Terraform assumes hashicorp/${name}`
          : !registry
            ? `provider ${name} has source "${source}", which is not [host/]namespace/name`
            : registry !== DEFAULT_REGISTRY && !hostReachable(registry, ctx.site)
              ? `provider ${name} comes from ${registry}, which is neither the public registry nor a host site ${ctx.site.id} may reach`
              : undefined;
      if (reason) out.push(stackFinding(this, ctx, REQUIRED_PROVIDERS, { attribute: `${name}.source`, found: reason, allowed: `a source on ${allowedHosts}`, fix }));
      return out;
    });
  },
};

/** What kind of module source a `source` string is, as Terraform reads it (module sources docs). */
function moduleSourceKind(source: string): 'local' | 'git' | 'registry' | 'other' {
  if (/^\.\.?\//.test(source)) return 'local';
  if (/^git::/i.test(source) || /^git@[^:]+:/.test(source)) return 'git';
  // [host/]namespace/name/provider, optionally with //subdir: a registry address.
  if (!/:/.test(source) && /^([a-z0-9.-]+\.[a-z]{2,}\/)?[\w-]+\/[\w-]+\/[\w-]+(\/\/.*)?$/i.test(source)) return 'registry';
  return 'other';
}

/** The host of a git module source (`git::https://h/x.git?ref=..`, `git::ssh://git@h/x`, `git@h:x.git`). */
function gitHost(source: string): string | undefined {
  const scp = /^git@([^:]+):/.exec(source);
  return scp ? scp[1].toLowerCase() : hostOf(source.replace(/^git::/i, ''));
}

/** A full commit id in the `ref` query parameter. */
const PINNED_REF = /[?&]ref=[0-9a-f]{40}(?:&|$)/;

export const SUP_03: StackRule = {
  id: 'SUP-03',
  title: 'Modules come from local paths or from git on a host the site may reach, pinned to a commit; never from a registry in an air-gapped classification',
  severity: 'warning',
  rises: true,
  rationale:
    'The lock file records providers, not modules: a registry module, a branch or a tag can bring other code at the next terraform init without any change in review. ' +
    'A local path or a git commit id is exactly what was reviewed. Inside an enclave no registry is reachable at all.',
  fix: 'vendor the module into the repository (source = "./modules/x"), or use git::https://<git host of the site>/x.git?ref=<40-hex commit>',
  sources: [standard('SecNumCloud 3.2, 14.2.c'), standard('Terraform docs (module sources; the dependency lock file covers providers only)')],
  examines: ['module'],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const call of ctx.doc.moduleCalls ?? []) {
      const at = `module.${call.name}`;
      const kind = moduleSourceKind(call.source);
      if (kind === 'local') continue;
      if (kind === 'registry') {
        const finding = stackFinding(this, ctx, at, {
          attribute: 'source',
          found: `module ${call.name} comes from the registry (${call.source}${call.version ? `, version ${call.version}` : ''}), which no lock file records`,
          allowed: ctx.classification.airGapped.value ? `a local path or a git commit inside the enclave: classification ${ctx.classification.id} is air-gapped` : 'a local path, or git pinned to a commit on a host the site may reach',
        });
        out.push(ctx.classification.airGapped.value ? { ...finding, severity: 'error' } : finding);
        continue;
      }
      if (kind === 'git') {
        const host = gitHost(call.source);
        const problems = [
          ...(host && hostReachable(host, ctx.site) ? [] : [`${host ?? 'an unknown host'} is not a host site ${ctx.site.id} may reach`]),
          ...(PINNED_REF.test(call.source) ? [] : ['it is not pinned to a commit (?ref=<40-hex commit id>)']),
        ];
        if (problems.length) out.push(stackFinding(this, ctx, at, { attribute: 'source', found: `module ${call.name} comes from git (${call.source}): ${problems.join('; ')}`, allowed: 'git on a host of the site (or an allowed egress host of a connected site) at a commit id' }));
        continue;
      }
      out.push(stackFinding(this, ctx, at, { attribute: 'source', found: `module ${call.name} comes from ${call.source}, neither a local path nor a pinned git commit`, allowed: 'a local path, or git pinned to a commit on a host the site may reach' }));
    }
    return out;
  },
};
