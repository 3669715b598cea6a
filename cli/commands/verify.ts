import type { Command } from 'commander';
import { VERIFY_FORMATS, type VerifyFormat } from '../../policy/report/verify-format';
import type { VerifyReport } from '../../policy/verify/verify-state';
import { configOption, formatOption } from '../options';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud verify`, as declared below. */
export interface VerifyOptions {
  /**
   * The JSON of `terraform show -json` of the applied stack; required for a tenant.
   * @default - none: a site stack may be verified from its audit list alone
   */
  readonly state?: string;
  /**
   * For a site stack: the JSON of `bao audit list -detailed -format=json` (or `vault audit list`) of its server.
   * @default - none
   */
  readonly auditList?: string;
  readonly format: VerifyFormat;
  readonly config: string;
}

/** Declares `govcloud verify`. */
export function register(program: Command): void {
  program
    .command('verify')
    .description(
      "Prove from a tenant's applied state (`terraform show -json`) what its evidence record claims, rule by rule: VM home and " +
        'every disk on the encryption storage policy, EFI, secure boot and vTPM, port-group security flags off, transit keys not ' +
        'exportable, not backed up in plaintext and not deletable where the classification bars it, datacenters the classification allows; ' +
        "for site-<id>, the site's audit devices, from its stack's state or the server's audit list (--audit-list).",
    )
    .argument('<tenant>', "the tenant the state is of, or site-<id> for the state of a site's stack (its audit devices)")
    .option('--state <file>', 'the JSON of `terraform show -json` of the applied state (required for a tenant)')
    .option('--audit-list <file>', 'site-<id> only: the JSON of `bao audit list -detailed -format=json` of the site\'s server, to prove the declared audit devices are in force')
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
    const { joinReports, stackToVerify, verifyAuditListFile, verifyStateFile, STATE_FIX } = await import('../../loader/verify-state-file');
    const config = loadConfig(opts.config);
    const stack = stackToVerify(config, tenant, opts.config);
    if (stack.tenant && opts.auditList !== undefined) {
      throw new UsageError([{ file: opts.auditList, field: '--audit-list', message: `is for a site stack (site-<id>), not tenant ${tenant}`, fix: `verify site-${stack.tenant.spec.site} --audit-list ${opts.auditList}` }]);
    }
    if (opts.state === undefined && (stack.tenant || opts.auditList === undefined)) {
      throw new UsageError([{ file: tenant, field: '--state', message: `required option '--state <file>' not specified${stack.site ? ' (or --audit-list <file> for a site stack)' : ''}`, fix: STATE_FIX }]);
    }
    const fromState = opts.state === undefined ? undefined : verifyStateFile(config, stack, opts.state);
    if (!stack.site || opts.auditList === undefined) return finish(fromState!, opts.format);
    const fromList = verifyAuditListFile(config, stack.site, opts.auditList);
    if (!fromState) return finish(fromList, opts.format);
    // The state's note that OpenBao devices are to be checked with --audit-list is answered by the list.
    const joined = joinReports(fromState, fromList);
    return finish({ ...joined, notChecked: joined.notChecked.filter((n) => !n.includes('--audit-list')) }, opts.format);
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
