import * as fs from 'fs';
import * as path from 'path';
import type { GovCloudConfig } from '../../loader/load-config';
import { OPENBAO_AUDIT_FILE_NAME, openBaoAuditFile, siteStackName } from '../../policy/site-audit';
import { sitesInUse } from './sites-in-use';

// Where the site stacks and artefacts go, without cdktf: a synth that finds nothing changed reads these and loads
// no stack code (build-sites.ts writes them).

/** The files (relative to the output) that the site stacks and artefacts of `config` are written to. */
export function siteFilesOf(config: GovCloudConfig): string[] {
  return [...sitesInUse(config).keys()].flatMap((id) => [
    `stacks/${siteStackName(id)}/cdk.tf.json`,
    ...(config.sites.get(id)!.vault.edition === 'openbao' ? [openBaoAuditFile(id)] : []),
  ]);
}

/** The OpenBao audit files (`sites/<id>/openbao-audit.hcl`, relative to `outDir`) an earlier synth left there. */
export function ownSiteFiles(outDir: string): string[] {
  const sites = path.join(outDir, 'sites');
  if (!fs.existsSync(sites)) return [];
  return fs
    .readdirSync(sites)
    .sort()
    .map((id) => `sites/${id}/${OPENBAO_AUDIT_FILE_NAME}`)
    .filter((rel) => /^sites\/[A-Za-z0-9][A-Za-z0-9_-]*\//.test(rel) && fs.existsSync(path.join(outDir, rel)));
}
