import * as path from 'path';
import type { Command } from 'commander';
import { UsageError } from '../../loader/usage-error';
import { configOption, outputOption } from '../options';
import { writeOutputFile } from '../output-file';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** The CI systems `govcloud pipeline` writes for. */
export const PIPELINE_CI_SYSTEMS = ['gitlab'] as const;

/** Options of `govcloud pipeline`, as declared below. */
export interface PipelineOptions {
  /** CI system to write the pipeline for; only `gitlab`. */
  readonly ci: string;
  /**
   * Plan only the tenants affected since this git revision.
   * @default - every tenant
   */
  readonly changedSince?: string;
  readonly config: string;
  /**
   * Write the pipeline to this file.
   * @default - standard output
   */
  readonly output?: string;
}

/** Declares `govcloud pipeline`. */
export function register(program: Command): void {
  program
    .command('pipeline')
    .description('Write a CI pipeline with a plan job and a manual apply job per tenant and per site stack affected since a git revision (GitLab CI child pipeline).')
    .requiredOption('--ci <system>', `CI system: ${PIPELINE_CI_SYSTEMS.join(', ')}`)
    .option('--changed-since <ref>', 'plan only the tenants affected since this git revision (default: every tenant)')
    .addOption(configOption())
    .addOption(outputOption('pipeline'))
    .action(async (opts: PipelineOptions) => {
      process.exitCode = await runPipeline(opts);
    });
}

/**
 * `govcloud pipeline --ci gitlab [--changed-since REF]`: writes a GitLab CI child pipeline with a plan job and a
 * manual apply job per affected tenant, and says on standard error how many tenants it plans.
 */
export async function runPipeline(opts: PipelineOptions): Promise<number> {
  if (!(PIPELINE_CI_SYSTEMS as readonly string[]).includes(opts.ci)) {
    console.error(`govcloud pipeline: --ci ${opts.ci}: not supported; use --ci ${PIPELINE_CI_SYSTEMS.join(' or ')} (a GitLab CI child pipeline)`);
    return EXIT.badInput;
  }
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { affectedTenants } = await import('../../pipeline/affected-tenants');
    const { gitlabPipeline } = await import('../../pipeline/gitlab-pipeline');
    const config = loadConfig(opts.config);
    const tenants = affectedTenants(config, opts.changedSince);
    const yaml = gitlabPipeline(tenants, { configDir: jobConfigDir(opts.config) });
    if (opts.output) writeOutputFile('--output', opts.output, yaml);
    else process.stdout.write(yaml);
    const since = tenants.since ? ` since ${tenants.since.ref}` : '';
    const removed = tenants.removed.length ? `; removed: ${tenants.removed.join(', ')} (not destroyed)` : '';
    const sites = tenants.sites?.length ? ` and ${tenants.sites.length} site stack${tenants.sites.length === 1 ? '' : 's'} (${tenants.sites.map((x) => x.name).join(', ')})` : '';
    const removedSites = tenants.removedSites?.length ? `; site stacks no longer written: ${tenants.removedSites.join(', ')} (not destroyed)` : '';
    console.error(`govcloud pipeline: ${tenants.affected.length} of ${tenants.total} tenants${sites} to plan${since}${removed}${removedSites}${opts.output ? ` -> ${opts.output}` : ''}`);
    return EXIT.ok;
  } catch (e) {
    return reportFailure('pipeline', e);
  }
}

/** The config folder relative to the working directory, where the pipeline's jobs run (the repository root). */
function jobConfigDir(config: string): string {
  const rel = path.relative(process.cwd(), path.resolve(config)).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UsageError([{ file: config, field: '--config', message: 'the config folder is not inside the working directory, so the pipeline jobs could not find it', fix: 'run govcloud pipeline from the repository root and pass a folder inside it' }]);
  }
  return rel;
}
