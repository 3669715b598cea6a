import type { TerraformResource } from 'cdktf';

/** A justified, expiring exception to one rule on one resource, declared in code. */
export interface FindingSuppression {
  /** Rule id, e.g. `ENC-03`. */
  readonly rule: string;
  /** Why the finding is accepted, in a sentence. */
  readonly reason: string;
  /** Who approved it (name or role). */
  readonly approvedBy: string;
  /** Last day it applies, `YYYY-MM-DD`; after it the suppression is itself an error (GOV-01). */
  readonly expires: string;
}

const declared = new WeakMap<TerraformResource, FindingSuppression[]>();

/**
 * Suppresses a finding of `suppression.rule` on this one resource. The suppression travels in the synthesized
 * JSON (`"//": { "suppressions": [...] }`, which Terraform ignores), so `govcloud check` sees it on a synth
 * folder as it does at synth time, and lists it in every report. It covers only this resource: there is no
 * way to suppress a rule for a whole tenant.
 */
export function suppressFinding(resource: TerraformResource, suppression: FindingSuppression): void {
  const list = declared.get(resource) ?? [];
  list.push(suppression);
  declared.set(resource, list);
  resource.addOverride(
    '//.suppressions',
    list.map((s) => ({ ruleId: s.rule, reason: s.reason, approvedBy: s.approvedBy, expires: s.expires })),
  );
}
