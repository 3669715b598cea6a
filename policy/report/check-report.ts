import type { RuleDescription, StackFinding } from '../stack-rules/stack-rule';

export type { RuleDescription } from '../stack-rules/stack-rule';

/**
 * The result of `govcloud check`, in one shape that every output format (text, json, sarif, junit, markdown)
 * renders. Plain data: the formats are pure functions of it.
 */

/** A justified, expiring exception to one rule on one resource. */
export interface Suppression {
  readonly ruleId: string;
  readonly tenant: string;
  /** Address of the resource it covers (`vsphere_virtual_machine.x`) or a construct path; never a whole tenant. */
  readonly resource: string;
  readonly reason: string;
  readonly approvedBy: string;
  /** Last day it applies, `YYYY-MM-DD`. */
  readonly expires: string;
  /** Where it is declared, so a reader can find and remove it. */
  readonly declaredAt?: SourceLocation;
}

/** A place a person edits: a tenant YAML file and line, or a construct's source file. */
export interface SourceLocation {
  /** Path relative to the repository root where possible. */
  readonly file: string;
  /** 1-based line, where known. */
  readonly line?: number;
}

/** A finding as reported: where to edit, and the suppression that silences it, if any. */
export interface ReportedFinding extends StackFinding {
  /** What a person edits to fix it (tenant YAML line, or construct source); the stack file where nothing better is known. */
  readonly location: SourceLocation;
  /** The suppression in force for it; a suppressed finding does not fail the check. */
  readonly suppressedBy?: Suppression;
}

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
