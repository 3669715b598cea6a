import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isoToday } from '../policy/suppression';
import { loadConfig } from '../loader/load-config';
import { synthesizeTenants } from '../stacks/synth';
import { checkEvidenceTarget, writeEvidence } from '../evidence/evidence-folder';
import { summaryLine } from '../evidence/evidence-markdown';
import { residencyEvidence } from '../evidence/residency-evidence';
import { EXIT } from './exit-codes';
import { reportFailure } from './report-failure';

/**
 * `govcloud evidence [--tenant NAME ...] --out DIR`: synthesizes the tenants (in a temporary folder: the
 * stacks are deterministic, so their hashes are those `govcloud synth` writes) and writes, per tenant,
 * `<tenant>.json` and `<tenant>.md` for a data-protection officer or auditor. A `--out` that is not a folder, or
 * that holds a file of the same name evidence did not write, is bad input (exit 2) and nothing is written.
 */
export function runEvidence(opts: { config: string; out: string; tenant?: string[]; today?: string }): number {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-evidence-'));
  try {
    const config = loadConfig(opts.config);
    checkEvidenceTarget(opts.out, opts.tenant ?? config.tenants.map((t) => t.spec.name));
    const today = opts.today ?? isoToday();
    const result = synthesizeTenants(config, { outDir: path.join(scratch, 'out'), tenants: opts.tenant, today });
    for (const t of result.tenants) {
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
