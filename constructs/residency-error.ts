import { formatFinding, type Finding } from '../policy/finding';

/**
 * Thrown by a construct, before it creates anything, when the tenant it is asked to build breaks residency or
 * security rules. Lists every violation at once, so one run shows everything to fix.
 */
export class ResidencyError extends Error {
  /** The tenant that was refused. */
  readonly tenant: string;

  constructor(
    tenant: string,
    /** Every error-severity finding, in catalogue order. */
    readonly findings: readonly Finding[],
    /** The construct that refused, for the message. */
    readonly construct: string,
  ) {
    super(
      `${construct}: tenant ${tenant} is refused, ${findings.length} violation${findings.length === 1 ? '' : 's'}:\n  ` +
        findings.map((f) => formatFinding(f)).join('\n  '),
    );
    this.name = 'ResidencyError';
    this.tenant = tenant;
  }
}
