import { loadConfig, type GovCloudConfig } from '../../../loader/load-config';
import { sharedExampleStack } from '../../fixtures/shared-example-output';
import { stackContext, STACK_RULES, type StackContext, type StackRule } from '../../../policy/stack-rules';
import { fromSynthJson, type StackDocument } from '../../../policy/terraform';
import { strictestAudit } from '../../../policy/site-audit';

let cached: { config: GovCloudConfig; stacks: Map<string, unknown>; sites: Map<string, unknown> } | undefined;

/** The bundled config and the synthesized JSON of its example stacks (tenants, and sites by site id), from the output the run shares. */
export function examples(): { config: GovCloudConfig; stacks: Map<string, unknown>; sites: Map<string, unknown> } {
  if (!cached) {
    const config = loadConfig('config');
    const stacks = new Map<string, unknown>();
    for (const t of config.tenants) stacks.set(t.spec.name, sharedExampleStack(t.spec.name));
    const sites = new Map<string, unknown>();
    for (const id of new Set(config.tenants.map((t) => t.spec.site))) sites.set(id, sharedExampleStack(`site-${id}`));
    cached = { config, stacks, sites };
  }
  return cached;
}

/**
 * A fresh, mutable copy of an example stack's JSON (`dsp-ng` by default), for a test to break one thing in,
 * and a function that turns it into the rule context of that tenant.
 */
export function exampleStack(tenant = 'dsp-ng'): { json: any; context: (json?: unknown) => StackContext } {
  const { config, stacks } = examples();
  const json = structuredClone(stacks.get(tenant));
  const t = config.tenants.find((x) => x.spec.name === tenant)!;
  const site = config.sites.get(t.spec.site)!;
  const classification = config.classifications.get(t.spec.classification)!;
  return {
    json,
    context: (j: unknown = json) =>
      stackContext(fromSynthJson(j, `${tenant}/cdk.tf.json`) as StackDocument, site, classification, [...config.sites.values()], tenant, [], [...config.custodians.values()]),
  };
}

/**
 * A fresh, mutable copy of an example site stack's JSON (`site-ctie-govcloud-1` by default), and a function that
 * turns it into the rule context of a site stack: the strictest classification (for audit) of its tenants.
 */
export function exampleSiteStack(siteId = 'ctie-govcloud-1'): { json: any; context: (json?: unknown) => StackContext } {
  const { config, sites } = examples();
  const json = structuredClone(sites.get(siteId));
  const site = config.sites.get(siteId)!;
  const tenants = config.tenants.filter((t) => t.spec.site === siteId);
  const classification = strictestAudit(tenants.map((t) => ({ name: t.spec.name, classification: config.classifications.get(t.spec.classification)! })))!;
  return {
    json,
    context: (j: unknown = json) => ({
      ...stackContext(fromSynthJson(j, `site-${siteId}/cdk.tf.json`) as StackDocument, site, classification, [...config.sites.values()], `site-${siteId}`, [], [...config.custodians.values()]),
      siteTenants: tenants.map((t) => t.spec.name),
    }),
  };
}

/** The findings of `rule` on an example site stack's JSON (`site-ctie-govcloud-1` by default), as a test broke it. */
export const runSite = (rule: StackRule, json: unknown, siteId = 'ctie-govcloud-1') => rule.check(exampleSiteStack(siteId).context(json));

/** The first resource of `type` in stack JSON whose `name` attribute is `name` (or the first of the type). */
export function resourceIn(json: any, type: string, name?: string): any {
  const all = Object.values(json.resource[type] ?? {}) as any[];
  return name ? all.find((r) => r.name === name) : all[0];
}

/** The findings of `rule` on an example stack's JSON (`dsp-ng` by default), as a test broke it. */
export const run = (rule: StackRule, json: unknown, tenant = 'dsp-ng') => rule.check(exampleStack(tenant).context(json));

/** The only resource of `type` in stack JSON (the toolkit writes one of each), with its address. */
export function only(json: any, type: string): { address: string; r: any } {
  const [name, r] = Object.entries(json.resource[type] ?? {})[0] as [string, any];
  return { address: `${type}.${name}`, r };
}

/** The rules of the catalogue whose ids start with `prefix` (`RES`, `NET`), in catalogue order. */
export const family = (prefix: string): StackRule[] => STACK_RULES.filter((r) => r.id.startsWith(`${prefix}-`));
