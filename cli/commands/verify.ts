import type { Command } from 'commander';
import { VERIFY_FORMATS, type VerifyFormat } from '../../policy/report/verify-format';
import type { VerifyReport } from '../../policy/verify/verify-state';
import { configOption, formatOption } from '../options';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud verify`, as declared below. */
export interface VerifyOptions {
  readonly state: string;
  readonly format: VerifyFormat;
  readonly config: string;
}

const STATE_FIX = 'run `terraform show -json > state.json` in the tenant\'s stack folder after apply, and pass --state state.json';

/** Declares `govcloud verify`. */
export function register(program: Command): void {
  program
    .command('verify')
    .description(
      "Prove from a tenant's applied state (`terraform show -json`) what its evidence record claims, rule by rule: VM home and " +
        'every disk on the encryption storage policy, EFI, secure boot and vTPM, port-group security flags off, transit keys not ' +
        'exportable, not backed up in plaintext and not deletable where the classification bars it, datacenters the classification allows.',
    )
    .argument('<tenant>', "the tenant the state is of, or site-<id> for the state of a site's stack (its audit devices)")
    .requiredOption('--state <file>', 'the JSON of `terraform show -json` of the applied state')
    .addOption(formatOption(VERIFY_FORMATS))
    .addOption(configOption())
    .action(async (tenant: string, opts: VerifyOptions) => {
      process.exitCode = await runVerify(tenant, opts);
    });
}

/**
 * `govcloud verify TENANT --state FILE`: exit 0 when every claim checked holds as deployed, 1 naming each failing
 * rule, resource and attribute, 2 for bad input (unreadable or non-JSON state, unknown tenant, another tenant's state).
 */
export async function runVerify(tenant: string, opts: VerifyOptions): Promise<number> {
  try {
    const { loadConfig } = await import('../../loader/load-config');
    const { UsageError } = await import('../../loader/usage-error');
    const { InputError } = await import('../../loader/input-error');
    const { readInputFile, TERRAFORM_JSON_MAX_BYTES } = await import('../../loader/read-input-file');
    const { UnreadableInputError } = await import('../../policy/terraform/synth-reader');
    const { jsonSyntaxError } = await import('../../policy/terraform/json-syntax-error');
    const { readStateResources } = await import('../../policy/terraform/state-reader');
    const { verifyState, tenantsOfState } = await import('../../policy/verify/verify-state');
    const config = loadConfig(opts.config);
    const declared = config.tenants.find((t) => t.spec.name === tenant);
    const { siteOfStack } = await import('../../policy/site-audit');
    const site = declared ? undefined : siteOfStack(tenant, config.sites);
    if (!declared && !site) {
      throw new UsageError([
        {
          file: tenant,
          field: '',
          message: `"${tenant}" is not a tenant of ${opts.config}, nor the stack of a site (site-<id>)`,
          fix: `use one of ${config.tenants.map((t) => t.spec.name).join(', ') || '(none)'}, or site-<id> for a site's audit devices`,
        },
      ]);
    }
    const read = readInputFile(opts.state, { maxBytes: TERRAFORM_JSON_MAX_BYTES });
    if ('refused' in read) throw new UnreadableInputError(opts.state, `not read: ${read.refused}${read.line ? ` (line ${read.line})` : ''}`, read.fix);
    let json: unknown;
    try {
      json = JSON.parse(read.text);
    } catch (e) {
      throw new UnreadableInputError(opts.state, `not valid JSON (${jsonSyntaxError(e)})`, STATE_FIX);
    }
    const resources = readStateResources(json, opts.state);
    if (site) {
      const tenantsInState = tenantsOfState(resources);
      if (tenantsInState.length) {
        throw new InputError([
          { file: opts.state, field: '', message: `the state is of tenant ${tenantsInState.join(', ')}, not of the stack ${tenant}`, fix: `run terraform show -json in stacks/${tenant}, or verify ${tenantsInState.join(', ')}` },
        ]);
      }
      const { verifySiteState } = await import('../../policy/verify/verify-site');
      const tenants = config.tenants.filter((t) => t.spec.site === site.id).map((t) => ({ name: t.spec.name, classification: config.classifications.get(t.spec.classification)! }));
      return finish(verifySiteState({ site, tenants, stateFile: opts.state }, resources), opts.format);
    }
    const owners = tenantsOfState(resources);
    if (resources.length === 0 || owners.length === 0) {
      throw new InputError([
        { file: opts.state, field: '', message: resources.length === 0 ? 'the state holds no resource' : 'the state holds no tenant tag category (<tenant>-tenant): it is no govcloud tenant state', fix: STATE_FIX },
      ]);
    }
    if (owners.length !== 1 || owners[0] !== tenant) {
      throw new InputError([
        { file: opts.state, field: '', message: `the state is of tenant ${owners.join(', ')}, not ${tenant}`, fix: `pass the state of ${tenant}, or verify ${owners.join(', ')}` },
      ]);
    }
    const { spec } = declared!;
    const report = verifyState(
      {
        tenant,
        site: config.sites.get(spec.site)!,
        classification: config.classifications.get(spec.classification)!,
        catalogue: [...config.sites.values()],
        stateFile: opts.state,
        spreadOptOuts: new Set(spec.vms.filter((g) => g.spread?.disabled).map((g) => g.name)),
      },
      resources,
    );
    return finish(report, opts.format);
  } catch (e) {
    return reportFailure('verify', e);
  }
}

/** Prints `report` and says which rules fail: exit 1 when a check fails, 0 when every one holds. */
async function finish(report: VerifyReport, format: VerifyFormat): Promise<number> {
  const { failedChecks } = await import('../../policy/verify/verify-state');
  const { renderVerify } = await import('../../policy/report/verify-format');
  process.stdout.write(renderVerify(report, format));
  const failed = failedChecks(report);
  if (failed.length) {
    const rules = [...new Set(failed.map((c) => c.rule))];
    console.error(`govcloud verify: exit 1: ${failed.length} check${failed.length === 1 ? '' : 's'} of ${rules.join(', ')} fail${failed.length === 1 ? 's' : ''} as deployed`);
    return EXIT.refused;
  }
  return EXIT.ok;
}
