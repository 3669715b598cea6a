import type { AttributeChange, RiskLabel, RiskReason } from '../diff-model';
import type { DiffBlockKind } from '../diff-blocks';
import type { RiskContext } from '../risk-context';
import type { ValueChange } from '../value-diff';

/** A rule over one attribute change. */
export interface AttributeRiskRule {
  readonly id: string;
  readonly label: RiskLabel;
  readonly kind: DiffBlockKind;
  /** Block types it watches; every type of the kind when absent. */
  readonly types?: readonly string[];
  /** Schema path (without list indices) it watches. */
  readonly path: string | RegExp;
  readonly when?: (c: ValueChange, ctx: RiskContext) => boolean;
  /** The reason; undefined when, on closer look, the change earns no label. */
  readonly reason: (c: ValueChange, ctx: RiskContext) => string | undefined;
}

/** A rule over a block added, removed or changed. */
export interface BlockRiskRule {
  readonly id: string;
  readonly label: RiskLabel;
  readonly kinds: readonly DiffBlockKind[];
  readonly types?: readonly string[];
  readonly on: readonly RiskContext['change'][];
  /**
   * The reason; undefined when the rule does not fire. `attributes` carry their own labels already; `earlier`
   * holds every label given so far (attributes', then block rules' above this one).
   */
  readonly reason: (ctx: RiskContext, attributes: readonly AttributeChange[], earlier: readonly RiskReason[]) => string | undefined;
}
