/**
 * The result of comparing two synthesized outputs (or reviewing a plan), in one shape that every renderer
 * (text, markdown, json) reads. Plain data.
 */

/** What a change can do, in the words reviewers use; a change may carry several. */
export type RiskLabel = 'residency' | 'security' | 'destructive' | 'egress';

/** Every risk label, highest first: the order sections and tables use. */
export const RISK_ORDER: readonly RiskLabel[] = ['residency', 'security', 'destructive', 'egress'];

/** One attribute that differs. Paths are dotted (`disk.1.storage_policy_id`); a set-typed block is compared as a set. */
export interface AttributeChange {
  readonly path: string;
  /** Value before; undefined when the attribute was added. */
  readonly before?: unknown;
  /** Value after; undefined when the attribute was removed. */
  readonly after?: unknown;
  /** Labels this attribute change earns, with the reason for each. */
  readonly risks: readonly RiskReason[];
  /**
   * Set only when the change is one element of a set-typed attribute (`tags`, `token_bound_cidrs`): the element
   * in `before` was removed, or the element in `after` was added. Absent for ordinary attribute changes.
   */
  readonly setElement?: 'added' | 'removed';
}

/** Why a change earned a label. */
export interface RiskReason {
  readonly label: RiskLabel;
  readonly reason: string;
  /** Id of the risk rule that gave the label (`residency/datacenter`), from `policy/diff/risks/` (one file per label). */
  readonly rule?: string;
}

/** A block (resource, data source, provider, backend) added, removed or changed between base and head. */
export interface BlockChange {
  /** `vsphere_virtual_machine.x`, `data.vsphere_datacenter.x`, `provider.vsphere`, `terraform.backend`. */
  readonly address: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** Resource type, or `provider`/`backend`. */
  readonly type: string;
  /** cdktf construct path where known. */
  readonly constructPath?: string;
  /** Attribute-level changes (for `changed`; empty for added and removed). */
  readonly attributes: readonly AttributeChange[];
  /** Labels of the block as a whole (its own, plus those of its attributes). */
  readonly risks: readonly RiskReason[];
}

/** Where a tenant's VMs, keys and state live: the facts the Mermaid before/after diagram draws. */
export interface TenantPlacementSummary {
  readonly site?: string;
  readonly country?: string;
  readonly datacenters: readonly string[];
  readonly vcenter?: string;
  readonly vault?: string;
  /** Backend type and where it stores state (`local: terraform.tfstate`, `s3: https://...`). */
  readonly state?: string;
  readonly classification?: string;
  readonly vms: number;
}

/** The comparison of one tenant's stack. */
export interface TenantDiff {
  readonly tenant: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly changes: readonly BlockChange[];
  readonly before?: TenantPlacementSummary;
  readonly after?: TenantPlacementSummary;
}

/** The comparison of two whole outputs. */
export interface OutputDiff {
  /** What was compared, for the report header (`cdktf.out`, `git:HEAD~1`). */
  readonly base: string;
  readonly head: string;
  /** Every tenant present on either side, changed ones first by highest risk, then by name. */
  readonly tenants: readonly TenantDiff[];
}

/** Labels present anywhere in a diff, in {@link RISK_ORDER}. */
export function risksOf(diff: OutputDiff | TenantDiff): RiskLabel[] {
  const tenants = 'tenants' in diff ? diff.tenants : [diff];
  const present = new Set(tenants.flatMap((t) => t.changes.flatMap((c) => c.risks.map((r) => r.label))));
  return RISK_ORDER.filter((l) => present.has(l));
}
