import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UsageError } from '../loader/usage-error';
import type { GovCloudConfig } from '../loader/load-config';
import { synthesizeTenants, type SynthResult } from '../stacks/synth';
import { checkBundleTarget, writeBundle, type BundleOptions, type BundleResult } from './write-bundle';

/** Options of {@link bundleTenant}. */
export interface TenantBundleOptions extends BundleOptions {
  /**
   * Today's date (`YYYY-MM-DD`) against which suppressions expire.
   * @default the current UTC date
   */
  readonly today?: string;
}

/** A tenant's bundle and the synth that made its stack (for its warnings). */
export interface TenantBundleResult extends BundleResult {
  readonly synth: SynthResult;
}

/**
 * Bundles one tenant for an enclave: synthesizes and checks it exactly as `govcloud synth` does (a refused
 * tenant throws the same `TenantsRefused`, and nothing is written), then writes its bundle with
 * {@link writeBundle}. The synth output goes to a temporary folder that is removed.
 */
export function bundleTenant(config: GovCloudConfig, tenant: string, options: TenantBundleOptions): TenantBundleResult {
  if (!config.tenants.some((t) => t.spec.name === tenant)) {
    throw new UsageError([
      { file: path.join(config.dir, 'tenants'), field: 'TENANT', message: `no tenant named "${tenant}"`, fix: `use one of: ${config.tenants.map((t) => t.spec.name).join(', ')}` },
    ]);
  }
  checkBundleTarget(options);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-bundle-'));
  try {
    const synth = synthesizeTenants(config, { outDir: path.join(scratch, 'out'), tenants: [tenant], today: options.today });
    const t = synth.tenants[0];
    const site = config.sites.get(t.site)!;
    const summary = `Tenant \`${t.name}\`, classification \`${t.classification}\`, on site \`${t.site}\` (${site.name}, ${site.country}${site.airGapped ? ', air-gapped' : ''}): ${t.resources} resources.`;
    const bundle = writeBundle({ name: tenant, json: fs.readFileSync(t.file, 'utf8'), summary }, options);
    return { ...bundle, synth };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
