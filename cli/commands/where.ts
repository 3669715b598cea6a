import type { Command } from 'commander';
import { WHERE_FORMATS, type WhereFormat } from '../../policy/report/where-format';
import { configOption, formatOption } from '../options';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud where`, as declared below. */
export interface WhereOptions {
  readonly format: WhereFormat;
  readonly config: string;
}

/** Declares `govcloud where`. */
export function register(program: Command): void {
  program
    .command('where')
    .description(
      'List every site of the catalogue with its verdict (allowed, allowed with warnings, refused) for data of a ' +
        'classification, or for a tenant, and for each refusal or warning the rule, the condition and its sources.',
    )
    .argument('<name>', 'a classification id, or a tenant name (a name that is both is read as the classification)')
    .addOption(formatOption(WHERE_FORMATS))
    .addOption(configOption())
    .action(async (name: string, opts: WhereOptions) => {
      process.exitCode = await runWhere(name, opts);
    });
}

/**
 * `govcloud where NAME`: every site's verdict for classification NAME, or for tenant NAME (its classification, its
 * current site marked, and its own rules that depend on the site). Exit 0; 2 for an unknown name or bad config.
 */
export async function runWhere(name: string, opts: WhereOptions): Promise<number> {
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { UsageError } = await import('../../loader/usage-error');
    const { whereClassification, whereTenant } = await import('../../policy/tenant-rules/site-verdicts');
    const { tenantPolicyInput } = await import('../../stacks/synth/select-tenants');
    const { renderWhere } = await import('../../policy/report/where-format');
    const config = loadConfig(opts.config);
    const catalogue = [...config.sites.values()];
    const classification = config.classifications.get(name);
    const tenant = config.tenants.find((t) => t.spec.name === name);
    let report;
    if (classification) {
      if (tenant) console.error(`govcloud where: ${name} is a classification and a tenant; showing the classification`);
      report = whereClassification(classification, catalogue, [...config.custodians.values()], config.components);
    } else if (tenant) {
      report = whereTenant(tenantPolicyInput(config, tenant), catalogue);
    } else {
      throw new UsageError([
        {
          file: name,
          field: '',
          message: `"${name}" is neither a classification nor a tenant of ${opts.config}`,
          fix: `use a classification (${[...config.classifications.keys()].join(', ')}) or a tenant (${config.tenants.map((t) => t.spec.name).join(', ') || 'none'})`,
        },
      ]);
    }
    process.stdout.write(renderWhere(report, opts.format));
    return EXIT.ok;
  } catch (e) {
    return reportFailure('where', e);
  }
}
