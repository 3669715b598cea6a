import * as path from 'path';
import { formatFinding } from '../policy/finding';
import { loadConfig, type GovCloudConfig } from '../stacks/config/load-config';
import { synthesizeTenants } from '../stacks/govcloud-app';
import { reportFailure } from './report-failure';
import { EXIT } from './exit-codes';

/** `govcloud synth`: returns the exit code. */
export function runSynth(opts: { config: string; out: string; tenant?: string[] }): number {
  let config: GovCloudConfig | undefined;
  try {
    config = loadConfig(opts.config);
    const result = synthesizeTenants(config, { outDir: opts.out, tenants: opts.tenant });
    const locate = locator(config);
    for (const w of result.warnings) console.error(formatFinding(w, locate));
    const width = Math.max(...result.tenants.map((t) => t.name.length), 6);
    for (const t of result.tenants) {
      const site = config.sites.get(t.site)!;
      console.log(
        `${t.name.padEnd(width)}  site ${t.site} (${site.country})  classification ${t.classification}  ${t.resources} resources  -> ${path.relative(process.cwd(), t.file)}`,
      );
    }
    console.log(`synthesized ${result.tenants.length} tenant${result.tenants.length === 1 ? '' : 's'} into ${opts.out}`);
    return EXIT.ok;
  } catch (e) {
    return reportFailure('synth', e, config && locator(config));
  }
}

/** `file:line` of a tenant's field, from the loaded config. */
function locator(config: GovCloudConfig): (tenant: string, field: string) => string | undefined {
  const byName = new Map(config.tenants.map((t) => [t.spec.name, t]));
  return (tenant, field) => byName.get(tenant)?.locate(field);
}
