import type { Severity } from '../../finding';
import type { Classification, Site } from '../../model';
import type { RuleDescription } from '../../rule-description';
import type { RuleConcern } from '../tenant-rule';

/**
 * One thing a site lacks for a classification: what a placement rule finds, before it is told as a tenant's finding
 * (`placement-rules.ts`) or as a site's verdict (`govcloud where`).
 */
export interface PlacementIssue {
  readonly ruleId: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** What was found at the site, in words. */
  readonly found: string;
  /** What the classification allows, in words. */
  readonly allowed: string;
  /** The sources of the constraint, formatted. */
  readonly source: string;
}

/**
 * A residency rule (RES) that needs only the site and the classification: it judges a site for a classification, so
 * the same judgement refuses a tenant, names the sites a refusal suggests, and gives `govcloud where` its verdicts.
 */
export interface PlacementRule extends RuleDescription {
  readonly concerns: readonly RuleConcern[];
  /** Every way `site` fails `classification`; empty when it may hold its data. */
  judge(site: Site, classification: Classification): PlacementIssue[];
}
