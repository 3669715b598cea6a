import * as path from 'path';
import type { Command } from 'commander';
import type { GovCloudConfig } from '../../loader/load-config';
import { configOption, tenantsOption } from '../options';
import { fieldLocator } from '../config-locator';
import { loadExtensions } from '../extensions';
import { startProgress } from '../progress';
import { reportFailure } from '../report-failure';
import { UsageError } from '../../loader/usage-error';
import { inShard, parseShard } from '../../stacks/synth/shard';
import { EXIT } from '../exit-codes';

/** Options of `govcloud synth`, as declared below. */
export interface SynthOptions {
  readonly config: string;
  readonly out: string;
  readonly tenant?: string[];
  readonly shard?: string;
  readonly force?: boolean;
  /** `--jobs N`: worker threads; undefined for one per core. */
  readonly jobs?: string;
  readonly extend?: string[];
  /** `--verbose`: every warning on its own line with what its rule allows and its sources. */
  readonly verbose?: boolean;
}

/** Declares `govcloud synth`. */
export function register(program: Command): void {
  program
    .command('synth')
    .description('Synthesize one Terraform stack per tenant into OUT/stacks/<tenant>/cdk.tf.json. Exit 1 if a tenant breaks a rule, 2 on bad config; nothing is written then.')
    .addOption(configOption('config folder with sites.yaml, classifications.yaml and tenants/'))
    .option('--out <dir>', 'output folder', 'cdktf.out')
    .addOption(tenantsOption('only these tenants (others in OUT are kept)'))
    .option('--shard <I/N>', 'only the tenants of share I of N (stable per tenant name; for CI fan-out)')
    .option('--force', 'rebuild every stack, even those whose inputs are unchanged since the last synth')
    .option('--jobs <n>', 'worker threads (default: one per core; used from 100 tenants per worker; 1 = no workers)')
    .option('--verbose', 'every warning in full, on its own line: what its rule allows and its sources (default: one short line, identical ones grouped)')
    .option('--extend <module...>', 'JavaScript modules exporting customize(stack) (tenant stacks) and/or customizeSite(stack) (site stacks), to add resources beside the constructs (checked like the rest)')
    .action(async (opts: SynthOptions) => {
      process.exitCode = await runSynth(opts);
    });
}

/** `govcloud synth`: resolves to the exit code. */
export async function runSynth(opts: SynthOptions): Promise<number> {
  let config: GovCloudConfig | undefined;
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { synthesizeTenantsInParallel } = await import('../../stacks/synth/synthesize');
    const { findingLines } = await import('../../policy/finding-lines');
    const jobs = parseJobs(opts.jobs);
    config = loadConfig(opts.config);
    const { customize, customizeSite } = loadExtensions(opts.extend ?? []);
    const tenants = opts.shard ? shardTenants(config, opts.shard, opts.tenant) : opts.tenant;
    // Extensions are code the input hashes cannot see, so a synth with --extend always rebuilds.
    const incremental = !opts.force && !customize && !customizeSite;
    const progress = startProgress('govcloud synth', 'tenants');
    let result;
    try {
      result = await synthesizeTenantsInParallel(config, { outDir: opts.out, tenants, customize, customizeSite, incremental, jobs, onProgress: progress.update });
    } finally {
      progress.end();
    }
    const locate = fieldLocator(config);
    for (const line of findingLines(result.warnings, { verbose: opts.verbose, locate })) console.error(line);
    const width = Math.max(...result.tenants.map((t) => t.name.length), ...(result.sites ?? []).map((s) => s.name.length), 6);
    for (const t of result.tenants) {
      const site = config.sites.get(t.site)!;
      console.log(
        `${t.name.padEnd(width)}  site ${t.site} (${site.country})  classification ${t.classification}  ${t.resources} resources${t.recoveryOf ? `  (recovery of ${t.recoveryOf})` : ''}  -> ${path.relative(process.cwd(), t.file)}`,
      );
    }
    for (const s of result.sites ?? []) {
      const site = config.sites.get(s.site)!;
      const devices = `${s.devices.length} audit device${s.devices.length === 1 ? '' : 's'}`;
      const where = s.artefact
        ? `declared in ${path.relative(process.cwd(), s.artefact)} (OpenBao: add it to the server config)`
        : `-> ${path.relative(process.cwd(), s.file)}`;
      console.log(`${s.name.padEnd(width)}  site ${s.site} (${site.country})  vault ${site.vault.edition}  ${devices}  ${where}`);
    }
    const skipped = result.unchanged.length ? `; ${result.unchanged.length} unchanged since the last synth (--force rebuilds them)` : '';
    const removed = result.removed.length ? `; removed ${result.removed.join(', ')}` : '';
    const count = result.tenants.filter((t) => !t.recoveryOf).length;
    console.log(`synthesized ${count} tenant${count === 1 ? '' : 's'} into ${opts.out}${skipped}${removed}`);
    for (const k of result.kept) {
      console.error(
        `warning: tenant ${k.tenant} is gone from the config, but ${k.dir} was kept: it holds ${k.holds.join(', ')}, which govcloud did not write. ` +
          'Its resources may still exist: destroy them with terraform in that folder (or restore the tenant file), then remove the folder yourself.',
      );
    }
    for (const s of result.strays) console.error(`warning: ${s} was left by an interrupted synth and is not govcloud's; it was kept. Move it back where it belongs, or remove it.`);
    return EXIT.ok;
  } catch (e) {
    return reportFailure('synth', e, config && fieldLocator(config));
  }
}

/** `--jobs N`: a whole number from 1 up; anything else is bad arguments. */
function parseJobs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) {
    throw new UsageError([{ file: 'arguments', field: '--jobs', message: `"${text}" is not a number of worker threads`, fix: 'give a whole number from 1 (1 synthesizes in the main thread); leave it out for one per core' }]);
  }
  return Number(text);
}

/** The tenants of one `--shard I/N`; it cannot be combined with `--tenant`. */
function shardTenants(config: GovCloudConfig, text: string, explicit?: string[]): string[] {
  if (explicit?.length) {
    throw new UsageError([{ file: 'arguments', field: '--shard', message: '--shard and --tenant select tenants two ways', fix: 'give one of them' }]);
  }
  const shard = parseShard(text);
  return config.tenants.map((t) => t.spec.name).filter((name) => inShard(name, shard));
}
