import type { CheckReport, StackReport } from '../check-report';
import type { ReportedFinding } from '../../reported-finding';
import type { SourceLocation } from '../../finding';

/**
 * What every format says the same way: where a finding points, and the counts and coverage gaps a reader is
 * owed. The order findings are read in is `inReadingOrder` (`policy/reported-finding.ts`), which the plan review
 * shares.
 */

/** Counts of one stack's findings; suppressed findings count once, under `suppressed`, whatever their severity. */
export interface StackCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

/** The block and attribute a finding is about: `vsphere_virtual_machine.x.disk.1.storage_policy_id`. */
export function addressOf(f: ReportedFinding): string {
  return f.attribute ? `${f.resource}.${f.attribute}` : f.resource;
}

/** `file:line`, or `file` where the line is not known. */
export function locationText(loc: SourceLocation): string {
  return loc.line !== undefined ? `${loc.file}:${loc.line}` : loc.file;
}

/** What one stack holds, counted like {@link summarize} counts the whole report. */
export function countStack(stack: StackReport): StackCounts {
  const live = stack.findings.filter((f) => !f.suppressedBy);
  return {
    errors: live.filter((f) => f.severity === 'error').length,
    warnings: live.filter((f) => f.severity === 'warning').length,
    suppressed: stack.findings.length - live.length,
  };
}

/** Each resource type no rule examined, with the stacks it appears in, in the report's (sorted) order. */
export function unexaminedTypes(report: CheckReport): { type: string; stacks: string[] }[] {
  const types = [...new Set([...report.unexamined, ...report.stacks.flatMap((s) => s.unexamined)])].sort();
  return types.map((type) => ({ type, stacks: report.stacks.filter((s) => s.unexamined.includes(type)).map((s) => s.stack) }));
}

/** `1 error`, `2 errors`; `suppressed` does not inflect. */
export function plural(n: number, word: string): string {
  return n === 1 || word === 'suppressed' ? `${n} ${word}` : `${n} ${word}s`;
}

/** `1 error, 2 warnings, 0 suppressed`. */
export function countsText(c: StackCounts): string {
  return [plural(c.errors, 'error'), plural(c.warnings, 'warning'), plural(c.suppressed, 'suppressed')].join(', ');
}
