import type { Command } from 'commander';
import { CHECKLIST_FORMATS, type ChecklistFormat } from '../../policy/report/site-checklist';
import { configOption, formatOption } from '../options';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud site-checklist`, as declared below. */
export interface SiteChecklistOptions {
  readonly format: ChecklistFormat;
  readonly config: string;
}

/** Declares `govcloud site-checklist`. */
export function register(program: Command): void {
  program
    .command('site-checklist')
    .description(
      'Print what vCenter and Vault of a site must hold before apply: default key provider, a storage policy with an ' +
        'encryption rule, switch defaults rejecting promiscuous mode, forged transmits and MAC changes, the content library ' +
        'and its templates (EFI, hardware version 14 or later), and audit devices of the site.',
    )
    .argument('<site>', 'a site id of the catalogue (config/sites.yaml)')
    .addOption(formatOption(CHECKLIST_FORMATS))
    .addOption(configOption())
    .action(async (site: string, opts: SiteChecklistOptions) => {
      process.exitCode = await runSiteChecklist(site, opts);
    });
}

/** `govcloud site-checklist SITE`: exit 0; 2 for an unknown site or bad config. */
export async function runSiteChecklist(siteId: string, opts: SiteChecklistOptions): Promise<number> {
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { UsageError } = await import('../../loader/usage-error');
    const { siteChecklist, renderChecklist } = await import('../../policy/report/site-checklist');
    const config = loadConfig(opts.config);
    const site = config.sites.get(siteId);
    if (!site) {
      throw new UsageError([{ file: siteId, field: '', message: `"${siteId}" is not a site of ${opts.config}`, fix: `use one of ${[...config.sites.keys()].join(', ')}` }]);
    }
    // The tenants placed there, and those that recover there (their recovery stacks are applied there too).
    const tenants = config.tenants.flatMap((t) => (t.spec.site === siteId ? [t.spec.name] : t.spec.recovery?.site === siteId ? [`${t.spec.name} (recovery)`] : []));
    process.stdout.write(renderChecklist(siteChecklist(site, tenants), opts.format));
    return EXIT.ok;
  } catch (e) {
    return reportFailure('site-checklist', e);
  }
}
