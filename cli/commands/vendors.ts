import type { Command } from 'commander';
import { VENDORS_FORMATS, type VendorsFormat } from '../../policy/report/vendors-format';
import { configOption, formatOption, tenantsOption } from '../options';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud vendors`, as declared below. */
export interface VendorsOptions {
  readonly format: VendorsFormat;
  readonly config: string;
  /** @default - every tenant */
  readonly tenant?: readonly string[];
}

/** Declares `govcloud vendors`. */
export function register(program: Command): void {
  program
    .command('vendors')
    .description(
      'List, per tenant, every component it depends on with its vendor, licence and exposure in the licence\'s own metric ' +
        '(from config/components.yaml), the totals per vendor across tenants, and what remains of a single vendor with no supported alternative.',
    )
    .addOption(tenantsOption('only these tenants (default: every tenant)'))
    .addOption(formatOption(VENDORS_FORMATS))
    .addOption(configOption())
    .action(async (opts: VendorsOptions) => {
      process.exitCode = await runVendors(opts);
    });
}

/** `govcloud vendors`: the vendors report of the selected tenants. Exit 0; 2 for an unknown tenant or bad config. */
export async function runVendors(opts: VendorsOptions): Promise<number> {
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { selectTenants } = await import('../../stacks/synth/select-tenants');
    const { vendorExposure } = await import('../../policy/vendor-exposure');
    const { renderVendors } = await import('../../policy/report/vendors-format');
    const config = loadConfig(opts.config);
    const tenants = selectTenants(config, opts.tenant).map((t) => ({ name: t.spec.name, site: config.sites.get(t.spec.site)!, vms: t.spec.vms }));
    process.stdout.write(renderVendors(vendorExposure(tenants, config.components), opts.format));
    return EXIT.ok;
  } catch (e) {
    return reportFailure('vendors', e);
  }
}
