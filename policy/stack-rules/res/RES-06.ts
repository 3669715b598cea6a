/**
 * Rules over where Vault hands keys, secrets and backups to someone else: secrets sync (RES-05), managed keys
 * in a foreign KMS (RES-06), raft snapshots in a cloud bucket (RES-07), and secret engines that mint foreign
 * cloud credentials (RES-08). Domain brief section 7. RES-04 judges the site record, not the stack: it is a
 * tenant rule (policy/rules/residency.ts).
 */
import type { Classification, Site } from '../../model';
import { siteAllowsPlacement } from '../../tenant-rules/res';
import { hostInSite, hostOf, siteOfHost } from '../../hosts';
import type { TfBlock } from '../../terraform/stack-document';
import { severityIn, stackFinding, type StackContext, type StackFinding, type StackRule } from '../stack-rule';
import { isLiteral, nameOf, nestedBlocks, ofType } from '../block-values';

/** Classifications that hold no personal data; every other one, including any added later, is "personal or above". */
const WITHOUT_PERSONAL_DATA = ['public', 'internal'];

/**
 * True for classifications at or above `personal` in the domain brief's order (personal, health,
 * health-research, classified). Unknown ids count as personal data: a new classification is protected until
 * someone says otherwise.
 */
export function holdsPersonalData(c: Classification): boolean {
  return !WITHOUT_PERSONAL_DATA.includes(c.id);
}

const protectedClasses = (ctx: StackContext) => `classification ${ctx.classification.id} holds personal data (only public and internal data may)`;

/** True when `path` or a block above it is known only after apply. */
function unknownAt(block: TfBlock, path: string): boolean {
  const parts = path.split('.');
  return parts.some((_, i) => block.unknown.has(parts.slice(0, i + 1).join('.')));
}

/** The Vault provider configuration a block is applied with (`provider = "vault.<alias>"`, else the default one). */
function vaultAddressOf(ctx: StackContext, block: TfBlock): unknown {
  const ref = block.values.provider;
  const alias = typeof ref === 'string' && ref.startsWith('vault.') ? ref.slice('vault.'.length) : undefined;
  return ctx.doc.providers.find((p) => p.type === 'vault' && p.alias === alias)?.values.address;
}

// ---------------------------------------------------------------------------------------------------------
// RES-05 secrets sync
// ---------------------------------------------------------------------------------------------------------

/** Where each secrets sync destination type copies secrets to. */
const SYNC_DESTINATIONS: Record<string, string> = {
  aws: 'AWS Secrets Manager',
  azure: 'Azure Key Vault',
  gcp: 'Google Cloud Secret Manager',
  gh: 'GitHub Actions secrets',
  vercel: 'Vercel project environment variables',
};
const SYNC_DESTINATION = /^vault_secrets_sync_([a-z0-9]+)_destination$/;

export const RES_05: StackRule = {
  id: 'RES-05',
  title: 'No secrets sync to a foreign platform for personal data or above',
  severity: 'error',
  rises: false,
  rationale:
    'A secrets sync destination copies tenant secrets, and keeps copying them, into a platform run by an operator under non-EU law (AWS, Azure, Google, GitHub, Vercel): ' +
    'a transfer the classification forbids, and a copy of the keys outside the custodian. Public and internal data hold no personal data and are not judged here.',
  fix: 'remove the vault_secrets_sync_*_destination (and its associations); applications read secrets from the tenant namespace in the site Vault',
  source: 'SecNumCloud 19.6.c; GDPR art. 44, 48; Vault provider docs (secrets_sync_*_destination); domain brief section 7 RES-05',
  examines: Object.keys(SYNC_DESTINATIONS).map((d) => `vault_secrets_sync_${d}_destination`),
  check(ctx) {
    if (!holdsPersonalData(ctx.classification)) return [];
    return ctx.doc.resources.flatMap((b) => {
      const m = SYNC_DESTINATION.exec(b.type);
      if (!m) return [];
      const target = SYNC_DESTINATIONS[m[1]] ?? `the "${m[1]}" platform`;
      return [stackFinding(this, ctx, b, { found: `secrets sync destination ${nameOf(b)} copies tenant secrets to ${target}`, allowed: `no secrets sync destination: ${protectedClasses(ctx)}` })];
    });
  },
};

// ---------------------------------------------------------------------------------------------------------
// RES-06 managed keys
// ---------------------------------------------------------------------------------------------------------

const keyName = (key: { path: string; values: Record<string, unknown> }) => JSON.stringify(key.values.name ?? key.path);

export const RES_06: StackRule = {
  id: 'RES-06',
  title: "Managed keys of personal data or above stay in the site's own HSM",
  severity: 'error',
  rises: false,
  rationale:
    'A managed key in AWS KMS or Azure Key Vault puts the key, and with it every secret it protects, with an operator a foreign law can compel (EDPB: keys solely with the exporter). ' +
    'An aws block is accepted only with an endpoint in the site (an AWS-KMS-compatible service of the site itself). ' +
    'A pkcs block names a kms_library stanza of the Vault servers, so its HSM is the one the Vault that applies it loads: accepted when that Vault is in the site. ' +
    'Public and internal data are not judged here.',
  fix: "use a pkcs managed key on the site's HSM, configured on the site Vault (sites.yaml vault.address), or the site Vault's own transit engine",
  source: 'SecNumCloud 19.6.c, 10.5.c; EDPB Recommendations 01/2020; Vault provider docs (managed_keys); domain brief section 7 RES-06',
  examines: ['vault_managed_keys', 'provider.vault'],
  check(ctx) {
    if (!holdsPersonalData(ctx.classification)) return [];
    const out: StackFinding[] = [];
    const allowed = `pkcs keys on an HSM of site ${ctx.site.id}, through its Vault ${ctx.site.vault.address}: ${protectedClasses(ctx)}`;
    for (const keys of ofType(ctx, 'vault_managed_keys')) {
      for (const aws of nestedBlocks(keys.values, 'aws')) {
        if (unknownAt(keys, aws.path)) continue;
        const endpoint = aws.values.endpoint === '' ? undefined : aws.values.endpoint;
        if (endpoint !== undefined && !isLiteral(endpoint)) continue; // a reference: not known here
        const host = isLiteral(endpoint) ? hostOf(endpoint) : undefined;
        if (host && hostInSite(host, ctx.site)) continue;
        const other = host ? siteOfHost(host, ctx.catalogue) : undefined;
        const where = host ? `an AWS KMS endpoint at ${host}${other ? ` (site ${other.id}, ${other.country})` : ' (not a host of any registered site)'}` : `AWS KMS${isLiteral(aws.values.region) ? ` in region ${aws.values.region}` : ''}`;
        out.push(stackFinding(this, ctx, keys, { attribute: aws.path, found: `managed key ${keyName(aws)} is in ${where}`, allowed }));
      }
      for (const azure of nestedBlocks(keys.values, 'azure')) {
        if (unknownAt(keys, azure.path)) continue;
        const vault = isLiteral(azure.values.vault_name) ? ` ${azure.values.vault_name}` : '';
        out.push(stackFinding(this, ctx, keys, { attribute: azure.path, found: `managed key ${keyName(azure)} is in Azure Key Vault${vault}`, allowed }));
      }
      // No literal Vault address: the Vault is not known here (RES-03 reports it).
      const address = vaultAddressOf(ctx, keys);
      const host = isLiteral(address) ? hostOf(address) : undefined;
      if (host && !hostInSite(host, ctx.site)) {
        const other = siteOfHost(host, ctx.catalogue);
        for (const pkcs of nestedBlocks(keys.values, 'pkcs').filter((p) => !unknownAt(keys, p.path))) {
          out.push(
            stackFinding(this, ctx, keys, {
              attribute: pkcs.path,
              found: `managed key ${keyName(pkcs)} uses kms_library ${JSON.stringify(pkcs.values.library ?? '')} of the Vault at ${host}${other ? ` (site ${other.id}, ${other.country})` : ' (not a registered Vault)'}, so its HSM is not the site's`,
              allowed,
            }),
          );
        }
      }
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------
// RES-07 raft snapshots
// ---------------------------------------------------------------------------------------------------------

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
  source: 'SecNumCloud 12.5.d; Vault provider docs (raft_snapshot_agent_config); domain brief section 7 RES-07',
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
      const site = host ? siteOfHost(host, ctx.catalogue) : undefined;
      if (site && mayKeepBackups(ctx, site)) continue;
      const found = !isLiteral(endpoint)
        ? `snapshot agent ${nameOf(agent)} has storage_type "aws-s3" without aws_s3_endpoint: snapshots go to AWS S3${isLiteral(agent.values.aws_s3_region) ? ` (${agent.values.aws_s3_region})` : ''}`
        : `snapshot agent ${nameOf(agent)} writes to ${host ?? JSON.stringify(endpoint)}${site ? `, at site ${site.id} (${site.country}), which ${site.airGapped || ctx.site.airGapped ? 'is on the other side of an air gap' : `classification ${ctx.classification.id} does not allow`}` : ', not a host of any registered site'}`;
      out.push(stackFinding(this, ctx, agent, { attribute: 'aws_s3_endpoint', found, allowed: allowedBackupSites(ctx) }));
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------
// RES-08 foreign-cloud secret engines
// ---------------------------------------------------------------------------------------------------------

/** Secret engines that hold credentials of a foreign cloud and mint more of them, by resource type and by mount type. */
const CLOUD_ENGINES: Record<string, string> = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure' };
const ENGINE_TYPES = Object.keys(CLOUD_ENGINES).map((c) => `vault_${c}_secret_backend`);

export const RES_08: StackRule = {
  id: 'RES-08',
  title: 'No secret engine for a foreign cloud in a tenant namespace',
  severity: 'warning',
  rises: true,
  rationale:
    'An AWS, Google Cloud or Azure secret engine keeps root credentials of that cloud in the tenant namespace and hands out more: it couples the tenant to an operator under non-EU law. ' +
    'A warning for most data, an error for health, health-research and classified data; always an error in an air-gapped classification, which cannot reach those clouds at all.',
  fix: 'remove the secret engine from the tenant stack; a workload that truly needs a public cloud belongs to a tenant of a classification that allows it',
  source: 'SecNumCloud 19.6.c; Vault provider docs (aws/gcp/azure_secret_backend); domain brief section 7 RES-08 (air-gap profile)',
  examines: [...ENGINE_TYPES, 'vault_mount'],
  check(ctx) {
    const out: StackFinding[] = [];
    const severity = ctx.classification.airGapped.value ? ('error' as const) : severityIn(this, ctx);
    const allowed = ctx.classification.airGapped.value
      ? `no foreign-cloud secret engine: classification ${ctx.classification.id} is air-gapped (${ctx.classification.airGapped.source})`
      : `no foreign-cloud secret engine in tenant ${ctx.tenant}'s namespace`;
    for (const b of ctx.doc.resources) {
      const cloud = ENGINE_TYPES.includes(b.type)
        ? b.type.replace(/^vault_|_secret_backend$/g, '')
        : b.type === 'vault_mount' && !unknownAt(b, 'type') && typeof b.values.type === 'string' && CLOUD_ENGINES[b.values.type]
          ? b.values.type
          : undefined;
      if (!cloud) continue;
      const mount = JSON.stringify(b.values.path ?? cloud);
      out.push({ ...stackFinding(this, ctx, b, { found: `${b.type === 'vault_mount' ? `mount of type "${cloud}"` : b.type} at ${mount} holds and issues ${CLOUD_ENGINES[cloud]} credentials`, allowed }), severity });
    }
    return out;
  },
};

/** The custody rules over synthesized Terraform and plans, in report order. */
export const CUSTODY_RULES: readonly StackRule[] = [RES_05, RES_06, RES_07, RES_08];
