/**
 * The risk catalogue of `govcloud diff`: which changes earn which label, and why. Read it like the rule
 * catalogue: each entry names the blocks and attributes it watches, the label, and the sentence a reviewer
 * reads. Attribute rules judge one attribute change; block rules judge a block added, removed or changed as a
 * whole. A change may earn several labels. The rules live in one file per label (`residency.ts`, `security.ts`,
 * `destructive.ts`, `egress.ts`, beside this one); this file puts them in order and evaluates them.
 *
 *  - residency: where data lands or is administered changes (datacenter, vCenter, Vault, state, classification).
 *  - security: a protection weakens (encryption policy, boot chain, key export, TLS, audit, access).
 *  - destructive: Terraform destroys something that holds data or keys (removal, ForceNew replacement).
 *  - egress: a new path out of the site (URLs, subscriptions, uplinks, audit streams).
 */
import { RISK_ORDER, type AttributeChange, type RiskReason } from '../diff-model';
import type { RiskContext } from '../risk-context';
import type { ValueChange } from '../value-diff';
import { DESTRUCTIVE_ATTRIBUTE_RULES, DESTRUCTIVE_BLOCK_RULES } from './destructive';
import { EGRESS_ATTRIBUTE_RULES, EGRESS_BLOCK_RULES } from './egress';
import { RESIDENCY_ATTRIBUTE_RULES, RESIDENCY_BLOCK_RULES } from './residency';
import type { AttributeRiskRule, BlockRiskRule } from './risk-rule';
import { SECURITY_ATTRIBUTE_RULES, SECURITY_BLOCK_RULES } from './security';

/** Every attribute rule, label by label in {@link RISK_ORDER}: the order reasons are given in. */
export const ATTRIBUTE_RULES: readonly AttributeRiskRule[] = [...RESIDENCY_ATTRIBUTE_RULES, ...SECURITY_ATTRIBUTE_RULES, ...DESTRUCTIVE_ATTRIBUTE_RULES, ...EGRESS_ATTRIBUTE_RULES];

/** Every block rule, label by label in {@link RISK_ORDER}; a block rule sees the labels of the rules before it. */
export const BLOCK_RULES: readonly BlockRiskRule[] = [...RESIDENCY_BLOCK_RULES, ...SECURITY_BLOCK_RULES, ...DESTRUCTIVE_BLOCK_RULES, ...EGRESS_BLOCK_RULES];

const matchesPath = (p: string | RegExp, schemaPath: string) => (typeof p === 'string' ? p === schemaPath : p.test(schemaPath));

/** The labels one attribute change earns, in catalogue order. */
export function attributeRisks(c: ValueChange, ctx: RiskContext): RiskReason[] {
  const out: RiskReason[] = [];
  for (const r of ATTRIBUTE_RULES) {
    if (r.kind !== ctx.kind || (r.types && !r.types.includes(ctx.type)) || !matchesPath(r.path, c.schemaPath)) continue;
    if (r.when && !r.when(c, ctx)) continue;
    const reason = r.reason(c, ctx);
    if (reason !== undefined) out.push({ label: r.label, reason, rule: r.id });
  }
  return out;
}

/** The labels of a block change as a whole: those of its attributes, then its own, highest label first. */
export function blockRisks(ctx: RiskContext, attributes: readonly AttributeChange[]): RiskReason[] {
  const all: RiskReason[] = attributes.flatMap((a) => a.risks);
  for (const r of BLOCK_RULES) {
    if (!r.kinds.includes(ctx.kind) || (r.types && !r.types.includes(ctx.type)) || !r.on.includes(ctx.change)) continue;
    const reason = r.reason(ctx, attributes, all);
    if (reason !== undefined) all.push({ label: r.label, reason, rule: r.id });
  }
  const seen = new Set<string>();
  const unique = all.filter((r) => (seen.has(`${r.label}|${r.reason}`) ? false : (seen.add(`${r.label}|${r.reason}`), true)));
  return RISK_ORDER.flatMap((l) => unique.filter((r) => r.label === l));
}
