import { evaluateTenant } from '../policy/tenant-rules/catalogue';
import { siteAllowsPlacement } from '../policy/tenant-rules/res';
import { errorsOf } from '../policy/finding';
import type { Classification, Site, TenantKeySettings } from '../policy/model';
import type { RuleConcern, TenantReach } from '../policy/tenant-rules/tenant-rule';
import { ResidencyError } from './residency-error';

/** Where a tenant goes and what its data is: every tenant construct receives this. */
export interface TenantPlacement {
  /** Tenant name; prefixes every vSphere and Vault object the constructs create. */
  readonly tenant: string;
  /** The site the tenant is placed in. */
  readonly site: Site;
  /** The classification of the tenant's data. */
  readonly classification: Classification;
  /**
   * Every registered site, so a refusal can name sites that would be allowed.
   * @default - refusals do not suggest other sites
   */
  readonly catalogue?: readonly Site[];
}

/**
 * Evaluates the rules of `concerns` (placement rules always) against the placement and what the tenant
 * declares (`declared`: its keys, its endpoints; rules about what is not given stay quiet) and throws one {@link ResidencyError} listing
 * every error if any. Called first thing in every tenant constructor, before any resource exists.
 */
export function assertResidency(
  construct: string,
  placement: TenantPlacement,
  concerns: readonly RuleConcern[],
  declared: { readonly keys?: TenantKeySettings; readonly reach?: TenantReach } = {},
): void {
  const errors = errorsOf(evaluateTenant({ ...placement, ...declared }, concerns));
  if (errors.length) throw new ResidencyError(placement.tenant, errors, construct);
}

/**
 * Datacenter names of the sites that may hold the placement's classification, sorted: the tenant's own site
 * always, and every other allowed site of the catalogue.
 */
export function allowedDatacenters(placement: TenantPlacement): string[] {
  const sites = (placement.catalogue ?? []).filter((s) => siteAllowsPlacement(s, placement.classification));
  return [...new Set([placement.site.vsphere.datacenter, ...sites.map((s) => s.vsphere.datacenter)])].sort();
}
