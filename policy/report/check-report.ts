import type { ReportedFinding } from '../reported-finding';
import type { RuleDescription } from '../rule-description';
import type { Suppression } from '../suppression';

/**
 * The result of `govcloud check`, in one shape that every output format (text, json, sarif, junit, markdown)
 * renders. Plain data: the formats are pure functions of it.
 */

/** One stack that was checked. */
export interface StackReport {
  readonly stack: string;
  readonly tenant: string;
  readonly classification: string;
  readonly site: string;
  /** Where it was read from: a synthesized `cdk.tf.json` or a plan JSON. */
  readonly origin: { readonly kind: 'synth' | 'plan'; readonly file: string };
  readonly findings: readonly ReportedFinding[];
  /** Resource types present in this stack that no rule examined. */
  readonly unexamined: readonly string[];
}

/** Everything `govcloud check` found. */
export interface CheckReport {
  readonly tool: { readonly name: string; readonly version: string; readonly catalogueVersion: string };
  readonly stacks: readonly StackReport[];
  readonly rules: readonly RuleDescription[];
  /** Suppressions in force (valid, unexpired), whether or not they matched a finding. */
  readonly suppressions: readonly Suppression[];
  /** Union of the stacks' unexamined types, sorted: the coverage gap every report ends with. */
  readonly unexamined: readonly string[];
}

/** Counts of what a report holds; errors decide the exit code. */
export function summarize(report: CheckReport): { errors: number; warnings: number; suppressed: number; stacks: number } {
  const all = report.stacks.flatMap((s) => s.findings);
  const live = all.filter((f) => !f.suppressedBy);
  return {
    errors: live.filter((f) => f.severity === 'error').length,
    warnings: live.filter((f) => f.severity === 'warning').length,
    suppressed: all.length - live.length,
    stacks: report.stacks.length,
  };
}
