import type { Severity, StackFinding } from '../finding';
import type { Classification, Custodian, Site } from '../model';
import type { RuleDescription } from '../rule-description';
import type { ReferenceResolver } from '../terraform/references';
import type { StackDocument, TfBlock } from '../terraform/stack-document';
import { formatSources } from '../source';

/** What a stack rule judges: one stack, the tenant it belongs to, and that tenant's site and classification. */
export interface StackContext {
  readonly doc: StackDocument;
  readonly refs: ReferenceResolver;
  /** Tenant name (the stack name). */
  readonly tenant: string;
  readonly site: Site;
  readonly classification: Classification;
  /** Every registered site, to tell an in-site endpoint from a foreign one and to suggest fixes. */
  readonly catalogue: readonly Site[];
  /** The tenant's own IPv4 networks (CIDR), where known: guest servers inside them are the tenant's own. */
  readonly tenantNetworks?: readonly string[];
  /**
   * Every registered custodian of keys, audit logs and state, so an endpoint outside the site's domains can be
   * judged where it is held (RES-03, RES-06, KEY-03, STA-02, STA-03).
   * @default - none registered: every such endpoint outside the site's domains is refused
   */
  readonly custodians?: readonly Custodian[];
  /**
   * Set when the stack is a site stack (`site-<id>`): the names of the site's tenants.
   * @default - a tenant stack
   */
  readonly siteTenants?: readonly string[];
  /**
   * The VM groups the tenant opted out of spreading over hosts (`spread: { disabled: true, reason }`), group name to
   * reason: AVL-01 accepts them.
   * @default - none: every group of two or more needs an anti-affinity rule
   */
  readonly spreadOptOuts?: ReadonlyMap<string, string>;
}

/** A kind of stack: one tenant's, or one site's. */
export type StackScope = 'tenant' | 'site';

/** Whether `rule` judges stacks of `scope`. */
export const judges = (rule: StackRule, scope: StackScope): boolean => (rule.scopes ?? ['tenant']).includes(scope);

/** A rule over what Terraform will receive (synthesized JSON or a plan). */
export interface StackRule extends RuleDescription {
  /** A warning of this rule becomes an error for classifications with `warningsAreErrors`. */
  readonly rises: boolean;
  /** What to change, in general; each finding may say more. */
  readonly fix: string;
  /** Resource and data source types the rule examines (`provider.vsphere`, `terraform.backend` for the others). */
  readonly examines: readonly string[];
  /**
   * The stacks the rule judges: tenant stacks, and/or the site stacks (`site-<id>`, holding what belongs to a
   * site: its audit devices). In a site stack's context `tenant` is the stack's name and `classification` the
   * strictest, for audit, of the site's tenants.
   * @default ['tenant']
   */
  readonly scopes?: readonly StackScope[];
  check(ctx: StackContext): StackFinding[];
}

/** The severity of `rule` for the context's classification. */
export function severityIn(rule: StackRule, ctx: StackContext): Severity {
  return rule.rises && rule.severity === 'warning' && ctx.classification.warningsAreErrors?.value ? 'error' : rule.severity;
}

/** Builds a finding of `rule` about `block` (or a named pseudo-block such as `provider.vsphere`). */
export function stackFinding(
  rule: StackRule,
  ctx: StackContext,
  at: TfBlock | string,
  details: { attribute?: string; found: string; allowed: string; fix?: string },
): StackFinding {
  const block = typeof at === 'string' ? undefined : at;
  return {
    ruleId: rule.id,
    severity: severityIn(rule, ctx),
    tenant: ctx.tenant,
    field: details.attribute ? `${block?.address ?? at}.${details.attribute}` : (block?.address ?? (at as string)),
    resource: block?.address ?? (at as string),
    attribute: details.attribute,
    constructPath: block?.constructPath,
    found: details.found,
    allowed: details.allowed,
    fix: details.fix ?? rule.fix,
    source: formatSources(rule.sources),
  };
}
