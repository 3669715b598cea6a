import type { TenantPolicyInput } from './tenant-rule';
import type { Site } from '../model';

/**
 * Sites of the catalogue that the tenant's classification allows, judged by `allows`, for a fix that names
 * somewhere to go. Kept to three so a message stays one line.
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
