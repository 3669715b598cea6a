import type { Site } from '../../model';
import { hostOf, siteOfHost } from '../../hosts';
import { siteAllowsPlacement } from '../../tenant-rules/res';
import { isLiteral, nameOf, ofType, unknownAt } from '../block-values';
import { stackFinding, type StackContext, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { standard } from '../../source';

/** A site that may keep this tenant's Vault backups: the enclave itself, or a connected site the classification allows. */
const mayKeepBackups = (ctx: StackContext, s: Site) => (ctx.site.airGapped || s.airGapped ? s.id === ctx.site.id : siteAllowsPlacement(s, ctx.classification));

function allowedBackupSites(ctx: StackContext): string {
  const ok = ctx.catalogue.filter((s) => mayKeepBackups(ctx, s)).map((s) => `${s.id} (${s.domains.join(', ')})`);
  return `storage_type "local", or "aws-s3" with aws_s3_endpoint at a host of ${ctx.site.airGapped ? `the enclave ${ok.join('; ')}` : `a site allowed for ${ctx.classification.id}: ${ok.length ? ok.join('; ') : 'none registered'}`}`;
}

const CLOUD_STORAGE: Record<string, string> = { 'google-gcs': 'Google Cloud Storage', 'azure-blob': 'Azure Blob Storage' };

export const RES_07: StackRule = {
  id: 'RES-07',
  title: 'Vault snapshots stay in a site the classification allows',
  severity: 'error',
  rises: false,
  rationale:
    'A raft snapshot is the whole Vault: every tenant key and secret. Backups follow the data: Google Cloud Storage and Azure Blob Storage are foreign-operated, ' +
    'and aws-s3 without aws_s3_endpoint means AWS itself; an S3-compatible store (MinIO, Ceph) at a host of an allowed site is where snapshots may go.',
  fix: 'set storage_type = "aws-s3" with aws_s3_endpoint on the object store of the site (and aws_s3_force_path_style = true), or storage_type = "local"',
  sources: [standard('SecNumCloud 3.2, 12.5.d'), standard('Vault provider docs (raft_snapshot_agent_config)')],
  examines: ['vault_raft_snapshot_agent_config'],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const agent of ofType(ctx, 'vault_raft_snapshot_agent_config')) {
      if (unknownAt(agent, 'storage_type')) continue;
      const type = agent.values.storage_type;
      if (typeof type === 'string' && CLOUD_STORAGE[type]) {
        out.push(stackFinding(this, ctx, agent, { attribute: 'storage_type', found: `snapshot agent ${nameOf(agent)} writes Vault snapshots to ${CLOUD_STORAGE[type]} (storage_type "${type}")`, allowed: allowedBackupSites(ctx) }));
        continue;
      }
      if (type !== 'aws-s3' || unknownAt(agent, 'aws_s3_endpoint')) continue;
      const endpoint = agent.values.aws_s3_endpoint;
      if (endpoint !== undefined && endpoint !== '' && !isLiteral(endpoint)) continue; // a reference: not known here
      const host = isLiteral(endpoint) ? hostOf(endpoint) : undefined;
      const site = host ? siteOfHost(host, ctx.catalogue, ctx.site) : undefined;
      if (site && mayKeepBackups(ctx, site)) continue;
      const found = !isLiteral(endpoint)
        ? `snapshot agent ${nameOf(agent)} has storage_type "aws-s3" without aws_s3_endpoint: snapshots go to AWS S3${isLiteral(agent.values.aws_s3_region) ? ` (${agent.values.aws_s3_region})` : ''}`
        : `snapshot agent ${nameOf(agent)} writes to ${host ?? JSON.stringify(endpoint)}${site ? `, at site ${site.id} (${site.country}), which ${site.airGapped || ctx.site.airGapped ? 'is on the other side of an air gap' : `classification ${ctx.classification.id} does not allow`}` : ', not a host of any registered site'}`;
      out.push(stackFinding(this, ctx, agent, { attribute: 'aws_s3_endpoint', found, allowed: allowedBackupSites(ctx) }));
    }
    return out;
  },
};
