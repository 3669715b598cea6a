import { RISK_ORDER, type RiskLabel } from '../../diff/diff-model';
import type { ReportedFinding } from '../../reported-finding';
import { SENSITIVE } from '../../secrets/plan-secrets';
import { KNOWN_AFTER_APPLY, PLANNED_ACTIONS, type ChangeCounts, type PlannedAction, type PlannedAttribute, type PlannedChange, type PlanReview, type TenantPlanReview } from '../../review/plan-review';

/** What every review format says the same way: action symbols, reasons in words, values, counts, grouping. */

/** Terraform's own plan symbols. */
export function actionSymbol(c: Pick<PlannedChange, 'action' | 'actions'>): string {
  if (c.action === 'replace') return c.actions[0] === 'create' ? '+/-' : '-/+';
  return { create: '+', update: '~', delete: '-', read: '<=', forget: '.', replace: '-/+' }[c.action];
}

/** Terraform's `action_reason` in words (the words `terraform plan` prints, where it prints any). */
const REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'the object is tainted',
  replace_because_cannot_update: 'an attribute that cannot be updated in place changes',
  replace_by_request: 'replacement was requested (-replace)',
  replace_by_triggers: 'a replace_triggered_by reference changed',
  delete_because_no_resource_config: 'it is no longer in the configuration',
  delete_because_wrong_repetition: 'count or for_each was added to or removed from its block',
  delete_because_count_index: 'its count index is out of range',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_no_move_target: 'its moved target is not in the configuration',
  read_because_config_unknown: 'its configuration is known only during apply',
  read_because_dependency_pending: 'something it depends on changes',
  read_because_check_nested: 'it is in a check block',
};

/** Why a change happens, in words: its `action_reason`, its replace paths, a deposed object, a move. */
export function reasonsOf(c: PlannedChange): string[] {
  const out: string[] = [];
  if (c.reason) out.push(REASONS[c.reason] ?? c.reason);
  if (c.replacePaths?.length) out.push(`forced by ${c.replacePaths.join(', ')}`);
  if (c.deposed) out.push(`deposed object ${c.deposed}, left over from a replacement that failed`);
  if (c.previousAddress) out.push(`moved from ${c.previousAddress}`);
  return out;
}

const MAX_VALUE = 200;

/** A value as a reviewer reads it: markers as they are, strings quoted, the rest as JSON, long ones shortened. */
export function showValue(v: unknown): string {
  if (v === undefined) return '(none)';
  if (v === SENSITIVE || v === KNOWN_AFTER_APPLY) return v;
  const text = JSON.stringify(v) ?? String(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 3)}...` : text;
}

/**
 * What a reader should know about an attribute beside its values: that it forces the replacement, and that a secret
 * was masked inside a value still shown (a URL's password); a value shown as `(sensitive)` says so itself.
 */
export function attributeNotes(a: PlannedAttribute): string[] {
  const partly = a.sensitive && a.before !== SENSITIVE && a.after !== SENSITIVE;
  return [a.forcesReplacement ? 'forces replacement' : '', partly ? 'secret masked' : ''].filter(Boolean);
}

/** `1 to create, 2 to update` (the non-zero counts, in {@link PLANNED_ACTIONS} order), or `no changes`. */
export function countsText(counts: ChangeCounts): string {
  const parts = PLANNED_ACTIONS.filter((a) => counts[a] > 0).map((a) => `${counts[a]} to ${a}`);
  return parts.length ? parts.join(', ') : 'no changes';
}

/** Counts summed over every tenant of a review. */
export function totalCounts(review: PlanReview): ChangeCounts {
  return Object.fromEntries(PLANNED_ACTIONS.map((a) => [a, review.tenants.reduce((n, t) => n + t.counts[a], 0)])) as Record<PlannedAction, number>;
}

/** Live errors, live warnings and suppressed findings of a tenant. */
export function findingCounts(findings: readonly ReportedFinding[]): { errors: number; warnings: number; suppressed: number } {
  const live = findings.filter((f) => !f.suppressedBy);
  return { errors: live.filter((f) => f.severity === 'error').length, warnings: live.filter((f) => f.severity === 'warning').length, suppressed: findings.length - live.length };
}

/** The label a change is filed under: its highest. */
export function topLabel(c: PlannedChange): RiskLabel | undefined {
  return RISK_ORDER.find((l) => c.risks.some((r) => r.label === l));
}

/** Labels of one change, highest first. */
export function labelsOfChange(c: PlannedChange): RiskLabel[] {
  return RISK_ORDER.filter((l) => c.risks.some((r) => r.label === l));
}

/** A tenant's changes filed under their highest label, in {@link RISK_ORDER}, unlabelled last; empty groups left out. */
export function changesByLabel(t: TenantPlanReview): { label?: RiskLabel; changes: PlannedChange[] }[] {
  const groups = [...RISK_ORDER, undefined].map((label) => ({ label, changes: t.changes.filter((c) => topLabel(c) === label) }));
  return groups.filter((g) => g.changes.length > 0);
}
