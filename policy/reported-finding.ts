import type { SourceLocation, StackFinding } from './finding';
import type { Suppression } from './suppression';

/** A finding as reported: where to edit, and the suppression that silences it, if any. */
export interface ReportedFinding extends StackFinding {
  /** What a person edits to fix it (tenant YAML line, or construct source); the stack file where nothing better is known. */
  readonly location: SourceLocation;
  /** The suppression in force for it; a suppressed finding does not fail the check. */
  readonly suppressedBy?: Suppression;
}

/**
 * Errors first, then warnings, then suppressed findings (which fail nothing); report order within each group,
 * so the same report always reads the same way.
 */
export function inReadingOrder(findings: readonly ReportedFinding[]): ReportedFinding[] {
  const weight = (f: ReportedFinding) => (f.suppressedBy ? 2 : f.severity === 'error' ? 0 : 1);
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => weight(a.f) - weight(b.f) || a.i - b.i)
    .map(({ f }) => f);
}
