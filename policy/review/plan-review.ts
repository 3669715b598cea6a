import type { RiskLabel, RiskReason } from '../diff/diff-model';
import type { ReportedFinding } from '../reported-finding';

/**
 * The review of one or more Terraform plans (`terraform show -json PLANFILE`), in one shape that every renderer
 * (text, markdown, json) reads. Plain data, and **already masked**: no value in it is a secret, so a renderer cannot
 * print one (see `policy/secrets/plan-secrets.ts` for what counts as a secret, and for `SENSITIVE`, what a masked
 * value reads as).
 */

/** What a value reads as when Terraform learns it only during apply (the words Terraform prints). */
export const KNOWN_AFTER_APPLY = '(known after apply)';

/**
 * What a planned change does to its object, as a reviewer counts it. `replace` is Terraform's `["delete","create"]`
 * and `["create","delete"]` (create_before_destroy); `read` is a data source read during apply; `forget` drops the
 * object from state and leaves it running (a `removed` block with `destroy = false`). `no-op` is never reviewed.
 */
export type PlannedAction = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'forget';

/** Every {@link PlannedAction}, in the order counts are printed. */
export const PLANNED_ACTIONS: readonly PlannedAction[] = ['create', 'update', 'replace', 'delete', 'read', 'forget'];

/** How many changes of each action one plan holds. */
export type ChangeCounts = Readonly<Record<PlannedAction, number>>;

/** One attribute of an object that the plan changes. */
export interface PlannedAttribute {
  /** Dotted path, list elements by index: `input.password`, `disk.0.storage_policy_id`. */
  readonly path: string;
  /** Value before (masked); undefined when the attribute did not exist. */
  readonly before?: unknown;
  /** Value after (masked, or {@link KNOWN_AFTER_APPLY}); undefined when the attribute goes away. */
  readonly after?: unknown;
  /** A secret on at least one side: both sides read {@link SENSITIVE}; the review says only that it changed. */
  readonly sensitive?: true;
  /** The value after is known only during apply. */
  readonly unknown?: true;
  /** This attribute is (under) one of the plan's `replace_paths`: changing it forces the replacement. */
  readonly forcesReplacement?: true;
}

/** One resource instance (or data source read) that the plan creates, changes, replaces, deletes or reads. */
export interface PlannedChange {
  /** Terraform's address: `vsphere_virtual_machine.x`, `module.m.t.n[0]`, `data.t.n`. */
  readonly address: string;
  readonly mode: 'managed' | 'data';
  /** Resource or data source type. */
  readonly type: string;
  /** What the change does, as counted. */
  readonly action: PlannedAction;
  /** Terraform's own `change.actions`, in Terraform's order (`["delete","create"]`). */
  readonly actions: readonly string[];
  /**
   * Terraform's `action_reason` (`replace_because_cannot_update`, `delete_because_no_resource_config`,
   * `read_because_config_unknown`, ...), where it gives one.
   */
  readonly reason?: string;
  /** For a replace, the attributes whose change forces it (Terraform's `replace_paths`, dotted). */
  readonly replacePaths?: readonly string[];
  /** Set when the change is to a deposed object (left over from a failed create_before_destroy), not the current one. */
  readonly deposed?: string;
  /** The address the object had before a `moved` block, where it moves. */
  readonly previousAddress?: string;
  /**
   * Attribute-level before → after of an update or replace, changed attributes only, in path order. Empty for
   * create, delete, read and forget: what a new object holds is what the policy findings judge.
   */
  readonly attributes: readonly PlannedAttribute[];
  /** Labels the change earns, with the reason for each, highest first ({@link RISK_ORDER}). */
  readonly risks: readonly RiskReason[];
}

/** A change as a classifier sees it: everything but its labels. Values are masked, as everywhere in a review. */
export type ClassifiableChange = Omit<PlannedChange, 'risks'>;

/**
 * Labels one change. The default is `classifyPlannedChange` (`plan-risks.ts`); the diff engine's risk rules can be
 * plugged in instead. Reasons are masked again before they reach the review, so a classifier that quotes a value
 * cannot leak a secret.
 */
export type ChangeClassifier = (change: ClassifiableChange) => readonly RiskReason[];

/** One root module output that the plan changes. */
export interface PlannedOutput {
  readonly name: string;
  readonly action: 'create' | 'update' | 'delete';
  readonly before?: unknown;
  readonly after?: unknown;
  readonly sensitive?: true;
  readonly unknown?: true;
}

/** The review of one plan: one stack, so one tenant. */
export interface TenantPlanReview {
  readonly tenant: string;
  /** The plan JSON it was read from. */
  readonly file: string;
  /** `terraform_version` of the plan, where given. */
  readonly terraformVersion?: string;
  /** Terraform's `applyable` and `complete`: false when apply would do nothing, or when a further plan is needed. */
  readonly applyable?: boolean;
  readonly complete?: boolean;
  readonly counts: ChangeCounts;
  /** Labels present on any change, in {@link RISK_ORDER}. */
  readonly labels: readonly RiskLabel[];
  /** Every change but no-ops: highest label first, then destructive actions first, then by address. */
  readonly changes: readonly PlannedChange[];
  /** Root module outputs that change, by name. */
  readonly outputs: readonly PlannedOutput[];
  /** What `govcloud check` found in the same plan, passed in by the caller (errors, warnings, then suppressed). */
  readonly findings: readonly ReportedFinding[];
}

/** The review of one or more plans, one per tenant. */
export interface PlanReview {
  readonly tenants: readonly TenantPlanReview[];
  /** Labels present in any tenant, in {@link RISK_ORDER}: what `--fail-on` compares against. */
  readonly labels: readonly RiskLabel[];
}
