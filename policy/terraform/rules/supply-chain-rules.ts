/**
 * Rules over what Terraform downloads to run a stack. Domain brief section 7: SUP-01. SUP-02 judges the CLI
 * configuration and lock file of a bundle, which are not in the stack JSON; SUP-03 judges `module` blocks,
 * which the StackDocument does not read yet (the toolkit writes none).
 */
import { hostReachable } from '../hosts';
import { stackFinding, type StackRule } from '../stack-rule';

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
  source: 'SecNumCloud 14.2.c; Terraform docs (dependency lock file, provider source addresses); domain brief section 5 and section 7 SUP-01',
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

/** The supply-chain rules over synthesized Terraform, in report order. */
export const SUPPLY_CHAIN_RULES: readonly StackRule[] = [SUP_01];
