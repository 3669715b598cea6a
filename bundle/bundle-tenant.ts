import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UsageError } from '../loader/usage-error';
import type { GovCloudConfig } from '../loader/load-config';
import { synthesizeTenants, type SynthResult } from '../stacks/synth';
import { OPENBAO_AUDIT_FILE_NAME, openBaoAuditFile } from '../policy/site-audit';
import { checkBundleTarget, writeBundle, type BundleOptions, type BundleResult } from './write-bundle';
import { recoveryStackName } from '../policy/tenant-rules/avl';

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
  // A tenant's stack, or its recovery stack (`<tenant>-recovery`), which is synthesized and judged with it.
  const stacks = config.tenants.flatMap((t) => [t.spec.name, ...(t.spec.recovery ? [recoveryStackName(t.spec.name)] : [])]);
  const owner = config.tenants.find((t) => t.spec.name === tenant || (t.spec.recovery && recoveryStackName(t.spec.name) === tenant));
  if (!owner) {
    throw new UsageError([{ file: path.join(config.dir, 'tenants'), field: 'TENANT', message: `no tenant named "${tenant}"`, fix: `use one of: ${stacks.join(', ')}` }]);
  }
  checkBundleTarget(options);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-bundle-'));
  try {
    const synth = synthesizeTenants(config, { outDir: path.join(scratch, 'out'), tenants: [owner.spec.name], today: options.today });
    const t = synth.tenants.find((x) => x.name === tenant)!;
    const site = config.sites.get(t.site)!;
    // An OpenBao site refuses sys/audit: its audit stanzas travel with the bundle, for the enclave's operator.
    const audit = synth.sites?.find((s) => s.site === t.site && s.artefact);
    const carried = audit ? ` The site runs OpenBao, which refuses audit devices through sys/audit: \`${OPENBAO_AUDIT_FILE_NAME}\` holds the site's audit devices, to add to the configuration of every OpenBao server of the site (then reload it).` : '';
    const what = t.recoveryOf ? `Recovery stack \`${t.name}\` of tenant \`${t.recoveryOf}\`` : `Tenant \`${t.name}\``;
    const summary = `${what}, classification \`${t.classification}\`, on site \`${t.site}\` (${site.name}, ${site.country}${site.airGapped ? ', air-gapped' : ''}): ${t.resources} resources.${carried}`;
    const extraFiles = audit ? { [OPENBAO_AUDIT_FILE_NAME]: fs.readFileSync(path.join(scratch, 'out', openBaoAuditFile(t.site)), 'utf8') } : undefined;
    const bundle = writeBundle({ name: tenant, json: fs.readFileSync(t.file, 'utf8'), summary, extraFiles }, options);
    return { ...bundle, synth };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
