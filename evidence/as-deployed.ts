/**
 * The "as deployed" section of a tenant's evidence: what `govcloud verify` proved, rule by rule, on the applied
 * state of the tenant's stack and of its site's stack (the audit devices that log the tenant), read from a folder
 * of `terraform show -json` files, one per stack (`<stack>.json`). Without a state nothing is claimed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../loader/usage-error';
import type { GovCloudConfig, LoadedTenant } from '../loader/load-config';
import { joinReports, verifyAuditListFile, verifyStateFile } from '../loader/verify-state-file';
import { code, esc } from '../policy/report/markdown-text';
import { deviceLogsTenant, siteStackName, type SiteAuditDevice } from '../policy/site-audit';
import type { VerifyCheck, VerifyReport } from '../policy/verify/verify-state';

/** A rule as proven on a state: `pass` when every check holds, `fail` when one does not, or nothing to check. */
export interface AsDeployedRule {
  readonly id: string;
  readonly title: string;
  readonly result: 'pass' | 'fail' | 'nothing to check';
  /** Every check of the rule: resource address, attribute, what the state holds and what was expected. */
  readonly checks: readonly VerifyCheck[];
}

/** What `verify` proved on the applied state of one stack. */
export interface AsDeployedProof {
  /** The stack: the tenant's name, or `site-<id>`. */
  readonly stack: string;
  /** The state file read (`terraform show -json` of the applied stack). */
  readonly state: string;
  readonly result: 'pass' | 'fail';
  readonly rules: readonly AsDeployedRule[];
  /** Claims this state could not prove, and why. */
  readonly notChecked: readonly string[];
}

/**
 * The section: `pass` when the tenant's state and its site's were both verified and every rule holds, `fail` when
 * a rule fails on either, `partly verified` when one of the two states was missing, `not verified` with none.
 */
export interface AsDeployed {
  readonly result: 'pass' | 'fail' | 'partly verified' | 'not verified';
  /** The tenant's stack, when its state was given. */
  readonly tenant?: AsDeployedProof;
  /** The site's stack (the audit devices that log the tenant), when its state was given. */
  readonly site?: AsDeployedProof;
  /** Each stack not verified, and why. */
  readonly notVerified: readonly string[];
}

/** The section of a record made without `--state`: it claims nothing about the deployment. */
export const NOT_VERIFIED: AsDeployed = {
  result: 'not verified',
  notVerified: ['not verified against a deployed state (run govcloud evidence --state DIR with the `terraform show -json` of each applied stack)'],
};

/** The state file of `stack` in the `--state` folder. */
export const stateFileOf = (dir: string, stack: string): string => path.join(dir, `${stack}.json`);

/** The audit list of a site stack's server in the `--state` folder (`bao audit list -detailed -format=json`). */
export const auditListFileOf = (dir: string, siteStack: string): string => path.join(dir, `${siteStack}.audit-list.json`);

/** Refuses (exit 2) a `--state` that is not a folder, before anything is synthesized or written. */
export function checkStateFolder(dir: string): void {
  let folder = false;
  try {
    folder = fs.statSync(dir).isDirectory();
  } catch {
    folder = false;
  }
  if (!folder) {
    throw new UsageError([
      { file: dir, field: '--state', message: 'is not a folder', fix: 'name the folder holding `<stack>.json` (the `terraform show -json` of each applied stack: <tenant>.json, site-<id>.json)' },
    ]);
  }
}

function proof(stack: string, report: VerifyReport): AsDeployedProof {
  const rules = report.rules.map((r): AsDeployedRule => ({
    id: r.id,
    title: r.title,
    result: r.checks.length === 0 ? 'nothing to check' : r.checks.every((c) => c.holds) ? 'pass' : 'fail',
    checks: r.checks,
  }));
  return { stack, state: report.stateFile, result: rules.some((r) => r.result === 'fail') ? 'fail' : 'pass', rules, notChecked: report.notChecked };
}

/**
 * The section for `tenant` from the states in `stateDir` (`<tenant>.json`, `site-<site>.json`, and the site server's
 * audit list `site-<site>.audit-list.json`, which proves an OpenBao site's declared devices); {@link NOT_VERIFIED}
 * without a folder. A state that is unreadable or of another stack throws (bad input); a missing one is said.
 */
export function asDeployed(config: GovCloudConfig, tenant: LoadedTenant, stateDir: string | undefined): AsDeployed {
  if (stateDir === undefined) return NOT_VERIFIED;
  const name = tenant.spec.name;
  const site = config.sites.get(tenant.spec.site)!;
  const notVerified: string[] = [];
  const prove = (stack: string, verify: (file: string) => VerifyReport): AsDeployedProof | undefined => {
    const file = stateFileOf(stateDir, stack);
    if (!fs.existsSync(file)) {
      notVerified.push(`${stack}: not verified against a deployed state (no ${file})`);
      return undefined;
    }
    return proof(stack, verify(file));
  };
  const tenantProof = prove(name, (file) => verifyStateFile(config, { tenant }, file));
  const siteStack = siteStackName(site.id);
  const devices = { devices: (d: SiteAuditDevice) => deviceLogsTenant(d, name) };
  const listFile = auditListFileOf(stateDir, siteStack);
  const fromList = fs.existsSync(listFile) ? verifyAuditListFile(config, site, listFile, devices) : undefined;
  let siteProof: AsDeployedProof | undefined;
  if (fromList && !fs.existsSync(stateFileOf(stateDir, siteStack))) siteProof = proof(siteStack, fromList);
  else {
    siteProof = prove(siteStack, (file) => {
      const fromState = verifyStateFile(config, { site }, file, devices);
      if (!fromList) return fromState;
      // The state's note that OpenBao devices are to be checked with the audit list is answered by the list.
      const joined = joinReports(fromState, fromList);
      return { ...joined, notChecked: joined.notChecked.filter((n) => !n.includes('--audit-list')) };
    });
  }
  // A site state with nothing to check (an OpenBao site's devices are in its server config) proves no device.
  if (siteProof && siteProof.rules.every((r) => r.result === 'nothing to check')) {
    notVerified.push(`${siteStack}: no audit device verified (${siteProof.notChecked.join('; ') || 'the state holds none'}); add ${listFile}`);
  }
  const proofs = [tenantProof, siteProof].filter((p): p is AsDeployedProof => p !== undefined);
  const result = proofs.some((p) => p.result === 'fail') ? 'fail' : proofs.length === 0 ? 'not verified' : notVerified.length ? 'partly verified' : 'pass';
  return { result, tenant: tenantProof, site: siteProof, notVerified };
}

/** The failing rule ids of the section, `RES-01 (dsp-ng)`, `KEY-02 (site-x)`, in order. */
export function failingRules(a: AsDeployed): string[] {
  return [a.tenant, a.site].flatMap((p) => (p ? p.rules.filter((r) => r.result === 'fail').map((r) => `${r.id} (${p.stack})`) : []));
}

/** The one-line verdict: `pass (tenant and site states verified)`, `FAIL: ENC-02 (dsp-ng)`, `not verified ...`. */
export function asDeployedLine(a: AsDeployed): string {
  if (a.result === 'fail') return `FAIL: ${failingRules(a).join(', ')}`;
  if (a.result === 'pass') return 'pass: every rule checked holds on the applied states of the tenant and site stacks';
  if (a.result === 'partly verified') return `partly verified: ${[a.tenant, a.site].filter(Boolean).map((p) => p!.stack).join(', ')} holds; ${a.notVerified.join('; ')}`;
  return 'not verified against a deployed state';
}

/** The Markdown section: the verdict, one row per rule proven, each failing check, what was not checked. */
export function asDeployedMarkdown(a: AsDeployed): string[] {
  const lines = ['## As deployed', '', `**${esc(asDeployedLine(a))}.**`, ''];
  const proofs = [a.tenant, a.site].filter((p): p is AsDeployedProof => p !== undefined);
  if (proofs.length) {
    lines.push('| stack | rule | result | checks holding | title |', '| --- | --- | --- | --- | --- |');
    for (const p of proofs) {
      for (const r of p.rules) lines.push(`| ${p.stack} | ${r.id} | ${r.result} | ${r.checks.filter((c) => c.holds).length} of ${r.checks.length} | ${esc(r.title)} |`);
    }
    lines.push('');
    for (const p of proofs) {
      for (const c of p.rules.flatMap((r) => r.checks.filter((x) => !x.holds))) {
        lines.push(`- **fail** ${c.rule} ${code(c.address)} ${esc(c.attribute)}: found ${esc(c.found)}; expected ${esc(c.expected)} (state ${esc(p.state)})`);
      }
    }
    const notChecked = proofs.flatMap((p) => p.notChecked.map((n) => `- not checked in ${p.stack}: ${esc(n)}`));
    if (notChecked.length) lines.push(...notChecked);
  }
  lines.push(...a.notVerified.map((n) => `- ${esc(n)}`), '');
  return lines;
}
