import type { Classification, Custodian, Site } from './model';

/**
 * Where a tenant goes and what its data is: what every tenant rule is asked about (`TenantPolicyInput`), and what
 * every tenant construct receives (its props extend this).
 */
export interface TenantPlacement {
  /** Tenant name: it names the findings, and prefixes every vSphere and Vault object the constructs create. */
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
  /**
   * Every registered custodian of keys, audit logs and state (`sites.yaml` `custodians:`), so a site's endpoint
   * outside its domains can be judged where it is held.
   * @default - none registered: every endpoint outside the site's domains is refused
   */
  readonly custodians?: readonly Custodian[];
}
