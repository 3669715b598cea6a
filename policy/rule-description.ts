import type { Severity } from './finding';
import type { Source } from './source';

/**
 * What every rule says about itself, tenant rule (`tenant-rules/`) and stack rule (`stack-rules/`) alike: for
 * reports, SARIF `rules`, the rule reference (`govcloud docs`, `govcloud rules`) and evidence records.
 */
export interface RuleDescription {
  /**
   * The rule's id, this project's own: a family prefix and a number (`ENC-02`), stable once used. A tenant rule and a
   * stack rule that judge the same thing share one.
   */
  readonly id: string;
  readonly title: string;
  /** Base severity. */
  readonly severity: Severity;
  /**
   * A warning of this rule becomes an error for classifications with `warningsAreErrors`.
   * @default false - the warning stays a warning (tenant rules do not rise)
   */
  readonly rises?: boolean;
  /** Why the rule exists. */
  readonly rationale: string;
  /**
   * What to change, in general; each finding may say more.
   * @default - none: each finding of the rule says what to change (tenant rules)
   */
  readonly fix?: string;
  /**
   * The law, standard clause, vendor documentation or stated policy the rule rests on, each tagged as such. A tenant
   * rule's findings cite the classification's own sources instead where the classification names them.
   */
  readonly sources: readonly Source[];
}
