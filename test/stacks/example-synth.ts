import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../loader/load-config';
import { synthesizeTenants } from '../../stacks/synth';

/**
 * The bundled config synthesized into `outDir` with the variables of `env` set for the duration: the text of
 * `manifest.json`, of every `stacks/<name>/cdk.tf.json` (tenants and sites) and every `sites/<id>/openbao-audit.hcl`, by path. Two runs compare equal when a switch
 * (`GOVCLOUD_CDKTF_...=1`) leaves the output byte-identical.
 */
export function exampleSynthOutput(outDir: string, env: Readonly<Record<string, string>> = {}): Record<string, string> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    synthesizeTenants(loadConfig('config'), { outDir });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const sites = fs.existsSync(path.join(outDir, 'sites')) ? fs.readdirSync(path.join(outDir, 'sites')).sort().map((s) => path.join('sites', s, 'openbao-audit.hcl')) : [];
  const files = ['manifest.json', ...fs.readdirSync(path.join(outDir, 'stacks')).map((s) => path.join('stacks', s, 'cdk.tf.json')), ...sites];
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(outDir, f), 'utf8')]));
}
