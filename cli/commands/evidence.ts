import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Command } from 'commander';
import { configOption, tenantsOption } from '../options';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud evidence`, as declared below. */
export interface EvidenceOptions {
  /** Folder for `<tenant>.json` and `<tenant>.md`. */
  readonly out: string;
  readonly config: string;
  /**
   * Only these tenants.
   * @default - every tenant
   */
  readonly tenant?: string[];
  /**
   * A folder of `terraform show -json` files of applied stacks, one per stack (`<tenant>.json`, `site-<id>.json`),
   * proven into each record's "as deployed" section.
   * @default - no state: each record says it was not verified against a deployed state
   */
  readonly state?: string;
  /**
   * The evaluation date (`YYYY-MM-DD`) the records carry; not an option: tests pin it.
   * @default - today
   */
  readonly today?: string;
}

/** Declares `govcloud evidence`. */
export function register(program: Command): void {
  program
    .command('evidence')
    .description('Write per-tenant residency evidence (JSON and Markdown) for a data-protection officer or auditor.')
    .requiredOption('--out <dir>', 'folder for <tenant>.json and <tenant>.md')
    .addOption(configOption())
    .addOption(tenantsOption('only these tenants'))
    .option('--state <dir>', 'folder of `terraform show -json` files of the applied stacks (<tenant>.json, site-<id>.json): prove each record as deployed')
    .action(async (opts: EvidenceOptions) => {
      process.exitCode = await runEvidence(opts);
    });
}

/**
 * `govcloud evidence [--tenant NAME ...] [--state DIR] --out DIR`: synthesizes the tenants (in a temporary folder: the
 * stacks are deterministic, so their hashes are those `govcloud synth` writes) and writes, per tenant,
 * `<tenant>.json` and `<tenant>.md` for a data-protection officer or auditor. A `--out` that is not a folder, or
 * that holds a file of the same name evidence did not write, is bad input (exit 2) and nothing is written.
 * With `--state DIR`, each record carries what `govcloud verify` proves on `DIR/<tenant>.json` and
 * `DIR/site-<site>.json`; an unreadable state or one of another stack is bad input (exit 2, nothing written); a rule
 * that fails as deployed is written into the records and makes the command exit 1.
 */
export async function runEvidence(opts: EvidenceOptions): Promise<number> {
  const { isoToday } = await import('../../policy/suppression');
  const { loadConfig } = await import('../../loader/load-config');
  const { synthesizeTenants } = await import('../../stacks/synth');
  const { checkEvidenceTarget, writeEvidence } = await import('../../evidence/evidence-folder');
  const { summaryLine } = await import('../../evidence/evidence-markdown');
  const { residencyEvidence } = await import('../../evidence/residency-evidence');
  const { asDeployed, asDeployedLine, checkStateFolder, failingRules } = await import('../../evidence/as-deployed');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-evidence-'));
  try {
    const config = loadConfig(opts.config);
    checkEvidenceTarget(opts.out, opts.tenant ?? config.tenants.map((t) => t.spec.name));
    if (opts.state !== undefined) checkStateFolder(opts.state);
    const today = opts.today ?? isoToday();
    const result = synthesizeTenants(config, { outDir: path.join(scratch, 'out'), tenants: opts.tenant, today });
    // Every record is built, its states read and proven, before the first is written: bad input writes nothing.
    const byName = new Map(config.tenants.map((x) => [x.spec.name, x]));
    const findingsOf = new Map<string, (typeof result.tenantFindings)[number][]>();
    for (const f of result.tenantFindings) {
      const list = findingsOf.get(f.tenant);
      if (list) list.push(f);
      else findingsOf.set(f.tenant, [f]);
    }
    // One record per tenant: a recovery stack is in its tenant's record (its findings, where its replica lives).
    const records = result.tenants.filter((x) => !x.recoveryOf).map((t) => {
      const tenant = byName.get(t.name)!;
      const deployed = asDeployed(config, tenant, opts.state);
      return residencyEvidence(config, tenant, findingsOf.get(t.name) ?? [], result.report, t.file, today, deployed);
    });
    for (const evidence of records) {
      const files = writeEvidence(opts.out, evidence);
      console.log(`${evidence.tenant}: ${files.json}, ${files.markdown} (stack sha256 ${evidence.stack.sha256.slice(0, 12)}): ${summaryLine(evidence.summary)}; as deployed: ${asDeployedLine(evidence.asDeployed)}`);
    }
    const failing = records.flatMap((e) => failingRules(e.asDeployed));
    if (failing.length) {
      console.error(`govcloud evidence: exit 1: as deployed, ${failing.join(', ')} fail${failing.length === 1 ? 's' : ''}; the records say which check (they were written)`);
      return EXIT.refused;
    }
    return EXIT.ok;
  } catch (e) {
    return reportFailure('evidence', e);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
