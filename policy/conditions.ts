/**
 * Which of a classification's constraints hold at a site: its own, everywhere, and those of every condition whose
 * `when` the site matches (docs/residency-policy.md, "Conditions per country and operator type").
 */
import type { Classification, ClassificationCondition, OperatorType, Site, SiteMatch, Sourced } from './model';

/** Every operator type, in the order messages and the schema list them. */
export const OPERATOR_TYPES: readonly OperatorType[] = ['state', 'state-owned', 'healthcare', 'social-security', 'research', 'commercial'];

/** Who runs `site`; a site that does not say is judged as a commercial provider's. */
export function operatorTypeOf(site: Site): OperatorType {
  return site.operatorType ?? 'commercial';
}

/** True when `site` matches every criterion of `when`. */
export function siteMatches(site: Site, when: SiteMatch): boolean {
  return (!when.countries || when.countries.includes(site.country)) && (!when.operatorTypes || when.operatorTypes.includes(operatorTypeOf(site)));
}

/** The constraints a condition may add, by the name they have in the classification. */
export type ConditionalConstraint = Exclude<keyof ClassificationCondition, 'when'>;

/** One constraint as it holds at a site: the classification's own, or a condition's. */
export interface ConstraintAtSite<K extends ConditionalConstraint> {
  /** The constraint's name in the classification (`certificationsAnyOf`). */
  readonly name: K;
  readonly constraint: NonNullable<ClassificationCondition[K]>;
  /**
   * The condition's `when`, for a constraint a condition adds.
   * @default - the classification's own constraint, which holds everywhere
   */
  readonly when?: SiteMatch;
}

/**
 * The constraints named `name` that hold at `site`: the classification's own first (where it has one), then those of
 * the conditions `site` matches, in their order.
 */
export function constraintsAt<K extends ConditionalConstraint>(site: Site, classification: Classification, name: K): ConstraintAtSite<K>[] {
  const own = classification[name] as ClassificationCondition[K] | undefined;
  const out: ConstraintAtSite<K>[] = own ? [{ name, constraint: own as NonNullable<ClassificationCondition[K]> }] : [];
  for (const condition of classification.conditions ?? []) {
    const added = condition[name];
    if (added && siteMatches(site, condition.when)) out.push({ name, constraint: added as NonNullable<ClassificationCondition[K]>, when: condition.when });
  }
  return out;
}

/** `for sites in DE`, `for sites run by commercial or state-owned operators`, or `` for a constraint that holds everywhere. */
export function describeMatch(when?: SiteMatch): string {
  if (!when) return '';
  const parts = [when.countries && `in ${orList(when.countries)}`, when.operatorTypes && `run by ${orList(when.operatorTypes)} operators`].filter(Boolean);
  return `for sites ${parts.join(' and ')}`;
}

/** How a constraint's level reads in a message: a refusal `requires`, a warning `recommends`. */
export function demands(constraint: Sourced<unknown>): string {
  return constraint.level === 'warning' ? 'recommends' : 'requires';
}

function orList(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
