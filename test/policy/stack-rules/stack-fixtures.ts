import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig, type GovCloudConfig } from '../../../loader/load-config';
import { synthesizeTenants } from '../../../stacks/synth';
import { stackContext, STACK_RULES, type StackContext, type StackRule } from '../../../policy/stack-rules';
import { fromSynthJson, type StackDocument } from '../../../policy/terraform';

let cached: { config: GovCloudConfig; stacks: Map<string, unknown> } | undefined;

/** The bundled config and the synthesized JSON of its four example stacks, synthesized once per test file. */
export function examples(): { config: GovCloudConfig; stacks: Map<string, unknown> } {
  if (!cached) {
    const config = loadConfig('config');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-fixtures-'));
    try {
      synthesizeTenants(config, { outDir: out });
      const stacks = new Map<string, unknown>();
      for (const t of config.tenants) stacks.set(t.spec.name, JSON.parse(fs.readFileSync(path.join(out, 'stacks', t.spec.name, 'cdk.tf.json'), 'utf8')));
      cached = { config, stacks };
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
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
