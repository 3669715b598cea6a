import type { Finding } from '../finding';
import type { ComponentCatalogue, RecoveryMode, Site, TenantContentLibrary, TenantGuest, TenantKeySettings, TenantVmGroup } from '../model';
import type { TenantPlacement } from '../placement';
import type { RuleDescription } from '../rule-description';

/** What a tenant rule looks at: where the tenant goes and what its data is, and what it declares. */
export interface TenantPolicyInput extends TenantPlacement {
  /** The tenant's key settings, where the caller has them. Key rules stay quiet without them. */
  readonly keys?: TenantKeySettings;
  /** What the tenant reaches beyond its VMs, where the caller has it. Network rules stay quiet without it. */
  readonly reach?: TenantReach;
  /**
   * The components catalogue (`config/components.yaml`), where the caller has one: what the tenant depends on at any
   * site. The vendor rules (VND) stay quiet without it.
   * @default - none: vendor dependency is not judged
   */
  readonly components?: ComponentCatalogue;
  /** The tenant's VM groups, where the caller has them. AVL-02 stays quiet without them. */
  readonly vms?: readonly TenantVmGroup[];
  /**
   * The tenant's recovery site, judged by every rule as the primary is; `null` where the tenant declares none (AVL-03
   * asks for one where the classification requires it).
   * @default - the caller does not say: no recovery rule runs
   */
  readonly recovery?: TenantRecoveryPlacement | null;
}

/** Where a tenant recovers: the recovery site from the catalogue, and what stands ready there. */
export interface TenantRecoveryPlacement {
  readonly site: Site;
  readonly mode: RecoveryMode;
}

/** The endpoints a tenant declares: where its content comes from and which servers its guests use. */
export interface TenantReach {
  readonly contentLibrary?: TenantContentLibrary;
  readonly guest?: TenantGuest;
  /** The tenant's own IPv4 network; guest servers inside it are the tenant's own. */
  readonly cidr?: string;
}

/** The part of a tenant a rule is about; a construct evaluates the rules of the parts it builds. */
export type RuleConcern = 'placement' | 'compute' | 'keys' | 'network' | 'state';

/** One residency or security rule over a declared tenant. */
export interface TenantRule extends RuleDescription {
  readonly concerns: readonly RuleConcern[];
  /** Every violation of this rule by the input; empty when it holds or does not apply. */
  check(input: TenantPolicyInput): Finding[];
}
