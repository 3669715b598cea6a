import type { TenantPolicyInput } from './tenant-rule';
import type { Site } from '../model';

/**
 * Sites of the catalogue, other than the tenant's, for which `allows` holds, for a fix that names somewhere to go:
 * callers include in `allows` that the tenant's classification allows the site (`siteAllowsPlacement`), so a fix
 * never suggests a site the residency rules would refuse. Kept to three so a message stays one line.
 */
export function suggestSites(input: TenantPolicyInput, allows: (site: Site) => boolean): string {
  const ok = (input.catalogue ?? []).filter((s) => s.id !== input.site.id && allows(s)).map((s) => s.id);
  if (ok.length === 0) return 'no registered site qualifies: register one in config/sites.yaml';
  return `e.g. ${ok.slice(0, 3).join(', ')}`;
}

/** `[LU, DE]` as `LU, DE`, and an empty list as `none`. */
export function listOf(values: readonly string[]): string {
  return values.length ? values.join(', ') : 'none';
}
