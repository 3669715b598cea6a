import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Site } from '../../../policy/model';
import { fromSynthJson, type StackDocument } from '../../../policy/terraform';
import { loadConfig } from '../../../loader/load-config';
import { bundledYaml, configWith } from '../../fixtures/config-files';
import { SHARED_TODAY, sharedExampleOutput } from '../../fixtures/shared-example-output';

/** The synthesized JSON of every tenant of a config folder, by tenant name. */
export type SynthOutput = Map<string, any>;

const cache = new Map<string, SynthOutput>();

/** The site stacks of the bundled config, by stack name, once `synthesized()` ran. */
const siteStacks = new Map<string, unknown>();

/**
 * Synthesizes `configDir` (the bundled `config` by default) into a temporary folder, once per test file, and
 * returns each stack's JSON. Callers mutate copies (`copyOf`), never these.
 */
export function synthesized(configDir = 'config'): SynthOutput {
  const known = cache.get(configDir);
  if (known) return known;
  const config = loadConfig(configDir);
  // The bundled config's output is the one the run shares (synthesized on the same date); others are made here.
  const shared = configDir === 'config';
  const out = shared ? sharedExampleOutput() : fs.mkdtempSync(path.join(os.tmpdir(), 'diff-fixtures-'));
  try {
    if (!shared) {
      // Loaded only here: the files that diff the bundled examples alone do not load cdktf.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { synthesizeTenants } = require('../../../stacks/synth') as typeof import('../../../stacks/synth');
      synthesizeTenants(config, { outDir: out, today: SHARED_TODAY });
    }
    const stacks: SynthOutput = new Map();
    for (const t of config.tenants) stacks.set(t.spec.name, JSON.parse(fs.readFileSync(path.join(out, 'stacks', t.spec.name, 'cdk.tf.json'), 'utf8')));
    // The site stacks (`site-<id>`, holding the audit devices) of the bundled config, for `copyOf`.
    if (shared) {
      for (const name of fs.readdirSync(path.join(out, 'stacks')).filter((n) => n.startsWith('site-'))) siteStacks.set(name, JSON.parse(fs.readFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), 'utf8')));
    }
    cache.set(configDir, stacks);
    return stacks;
  } finally {
    if (!shared) fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The bundled site catalogue. */
export function bundledSites(): Site[] {
  return [...loadConfig('config').sites.values()];
}

/** A deep copy of one tenant's synthesized JSON, to change. */
export function copyOf(tenant: string, output: SynthOutput = synthesized()): any {
  const json = output.get(tenant) ?? siteStacks.get(tenant);
  if (!json) throw new Error(`no synthesized stack for ${tenant}`);
  return structuredClone(json);
}

/** The stack document of a tenant's JSON, as `govcloud diff` reads it. */
export function docOf(json: unknown, tenant: string): StackDocument {
  return fromSynthJson(json, `${tenant}/cdk.tf.json`, tenant);
}

/** Every stack of an output as documents, by tenant. */
export function docsOf(output: SynthOutput): Map<string, StackDocument> {
  return new Map([...output].map(([tenant, json]) => [tenant, docOf(json, tenant)]));
}

/** The one resource (or data source) of `type` in stack JSON whose `name` is `name`, or the first of the type. */
export function blockIn(json: any, type: string, name?: string, section: 'resource' | 'data' = 'resource'): any {
  const all = Object.values(json[section]?.[type] ?? {}) as any[];
  const found = name === undefined ? all[0] : all.find((b) => b.name === name);
  if (!found) throw new Error(`no ${section} ${type}${name ? ` named ${name}` : ''}`);
  return found;
}

/** The address of the first block of `type` (`vsphere_virtual_machine.x`, `data.vsphere_datacenter.x`). */
export function addressIn(json: any, type: string, section: 'resource' | 'data' = 'resource', index = 0): string {
  const name = Object.keys(json[section][type])[index];
  return section === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
}

/**
 * The bundled config synthesized with `tenant`'s `site:` replaced (a copy of `config/` in a temporary folder,
 * removed once synthesized), as {@link synthesized} gives it.
 */
export function synthesizedWithSite(tenant: string, site: string): SynthOutput {
  const dir = configWith({ tenants: { [`${tenant}.yaml`]: bundledYaml(`tenants/${tenant}.yaml`).replace(/^site: .*$/m, `site: ${site}`) } });
  try {
    const out = synthesized(dir);
    cache.delete(dir);
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
