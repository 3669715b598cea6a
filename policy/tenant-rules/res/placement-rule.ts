import type { Severity } from '../../finding';
import type { Classification, Site, SiteMatch, Sourced } from '../../model';
import type { RuleDescription } from '../../rule-description';
import type { Source } from '../../source';
import type { RuleConcern } from '../tenant-rule';
import { describeMatch } from '../../conditions';

/**
 * One constraint a site fails for a classification: what a placement rule finds, before it is told as a tenant's
 * finding (`placement-rules.ts`) or as a site's verdict (`govcloud where`).
 */
export interface PlacementIssue {
  readonly ruleId: string;
  /** The constraint's level where it has one, else the rule's severity. */
  readonly severity: Severity;
  /** The classification's constraint the site fails (`countries`, `certificationsAnyOf`). */
  readonly constraint: string;
  /**
   * The `when` of the condition the constraint belongs to.
   * @default - the classification's own constraint, which holds at every site
   */
  readonly when?: SiteMatch;
  /** What was found at the site, in words. */
  readonly found: string;
  /** What the classification allows, in words, naming the condition where there is one. */
  readonly allowed: string;
  /** What the constraint rests on. */
  readonly sources: readonly Source[];
}

/**
 * A residency rule (RES) that needs only the site and the classification: it judges a site for a classification, so
 * the same judgement refuses a tenant, names the sites a refusal suggests, and gives `govcloud where` its verdicts.
 */
export interface PlacementRule extends RuleDescription {
  readonly concerns: readonly RuleConcern[];
  /** Every constraint `site` fails for `classification`; empty when it may hold its data. */
  judge(site: Site, classification: Classification): PlacementIssue[];
}

/** A constraint as a rule judges it: its name, its value, sources and level, and the condition it belongs to. */
export interface JudgedConstraint {
  readonly name: string;
  readonly constraint: Sourced<unknown>;
  readonly when?: SiteMatch;
}

/**
 * The issue `rule` finds when `site` fails `judged`: `allowed` reads "classification C[, for sites in DE,] WHAT", its
 * severity is the constraint's level (a warning for a demand no law or stated policy makes) or the rule's.
 */
export function placementIssue(rule: PlacementRule, c: Classification, judged: JudgedConstraint, found: string, what: string): PlacementIssue {
  const scope = judged.when ? `, ${describeMatch(judged.when)},` : '';
  return {
    ruleId: rule.id,
    severity: judged.constraint.level ?? rule.severity,
    constraint: judged.name,
    ...(judged.when ? { when: judged.when } : {}),
    found,
    allowed: `classification ${c.id}${scope} ${what}`,
    sources: judged.constraint.source,
  };
}
