import type { SourceLocation, StackFinding } from './finding';

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

/** A suppression as declared, before GOV-01 judges it (`stack-rules/gov.ts`): any field may be missing. */
export type DeclaredSuppression = Partial<Suppression> & Pick<Suppression, 'tenant'>;

/** Today's date as `YYYY-MM-DD` in UTC. */
export function isoToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Type guard for findings a suppression covers. */
export function isSuppressed(f: StackFinding & { readonly suppressedBy?: Suppression }): boolean {
  return 'suppressedBy' in f && f.suppressedBy !== undefined;
}
