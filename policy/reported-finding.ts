import type { SourceLocation, StackFinding } from './finding';
import type { Suppression } from './suppression';

/** A finding as reported: where to edit, and the suppression that silences it, if any. */
export interface ReportedFinding extends StackFinding {
  /** What a person edits to fix it (tenant YAML line, or construct source); the stack file where nothing better is known. */
  readonly location: SourceLocation;
  /**
   * The block in the stack file, where that file is not what `govcloud synth` wrote from the tenant YAML (edited
   * by hand since, or with no synth record beside it): there the YAML line of {@link location} may not be what
   * changed, so reports that can hold two places (SARIF) point here first and at the YAML second.
   * @default - none: the stack is as synthesized, or a plan
   */
  readonly stackLocation?: SourceLocation;
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
