import type { TenantPlacement } from '../placement';
import { siteAllowsPlacement } from './res';

/**
 * Datacenter names of the sites that may hold the placement's classification, sorted: the tenant's own site
 * always, and every other allowed site of the catalogue.
 */
export function allowedDatacenters(placement: TenantPlacement): string[] {
  const sites = (placement.catalogue ?? []).filter((s) => siteAllowsPlacement(s, placement.classification));
  return [...new Set([placement.site.vsphere.datacenter, ...sites.map((s) => s.vsphere.datacenter)])].sort();
}
