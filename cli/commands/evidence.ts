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
    .action(async (opts: EvidenceOptions) => {
      process.exitCode = await runEvidence(opts);
    });
}

/**
 * `govcloud evidence [--tenant NAME ...] --out DIR`: synthesizes the tenants (in a temporary folder: the
 * stacks are deterministic, so their hashes are those `govcloud synth` writes) and writes, per tenant,
 * `<tenant>.json` and `<tenant>.md` for a data-protection officer or auditor. A `--out` that is not a folder, or
 * that holds a file of the same name evidence did not write, is bad input (exit 2) and nothing is written.
 */
export async function runEvidence(opts: EvidenceOptions): Promise<number> {
  const { isoToday } = await import('../../policy/suppression');
  const { loadConfig } = await import('../../loader/load-config');
  const { synthesizeTenants } = await import('../../stacks/synth');
  const { checkEvidenceTarget, writeEvidence } = await import('../../evidence/evidence-folder');
  const { summaryLine } = await import('../../evidence/evidence-markdown');
  const { residencyEvidence } = await import('../../evidence/residency-evidence');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-evidence-'));
  try {
    const config = loadConfig(opts.config);
    checkEvidenceTarget(opts.out, opts.tenant ?? config.tenants.map((t) => t.spec.name));
    const today = opts.today ?? isoToday();
    const result = synthesizeTenants(config, { outDir: path.join(scratch, 'out'), tenants: opts.tenant, today });
    // One record per tenant: a recovery stack is in its tenant's record (its findings, where its replica lives).
    for (const t of result.tenants.filter((x) => !x.recoveryOf)) {
      const tenant = config.tenants.find((x) => x.spec.name === t.name)!;
      const evidence = residencyEvidence(config, tenant, result.tenantFindings.filter((f) => f.tenant === t.name), result.report, t.file, today);
      const files = writeEvidence(opts.out, evidence);
      console.log(`${t.name}: ${files.json}, ${files.markdown} (stack sha256 ${evidence.stack.sha256.slice(0, 12)}): ${summaryLine(evidence.summary)}`);
    }
    return EXIT.ok;
  } catch (e) {
    return reportFailure('evidence', e);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
