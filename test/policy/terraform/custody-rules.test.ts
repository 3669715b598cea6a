import { CUSTODY_RULES, RES_05, RES_06, RES_07, RES_08, holdsPersonalData } from '../../../policy/stack-rules/res/RES-06';
import type { StackRule } from '../../../policy/stack-rules/stack-rule';
import { examples, exampleStack } from './stack-fixtures';

const run = (rule: StackRule, json: unknown, tenant = 'dsp-ng') => rule.check(exampleStack(tenant).context(json));

/** An AWS KMS managed key as the Vault provider writes it. */
const awsKey = { name: 'cloud-kms', access_key: '${var.aws_access_key}', secret_key: '${var.aws_secret_key}', key_bits: '2048', key_type: 'RSA', kms_key: 'alias/vault', region: 'eu-west-1' };
/** A PKCS#11 managed key on a kms_library stanza of the Vault servers. */
const pkcsKey = { name: 'site-hsm', library: 'ctie-hsm', key_label: 'vault-key', key_id: '1', mechanism: '0x0001', pin: '${var.hsm_pin}' };

describe('custody rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find nothing wrong in the %s example', (tenant) => {
    const ctx = exampleStack(tenant).context();
    expect(CUSTODY_RULES.flatMap((rule) => rule.check(ctx))).toEqual([]);
  });
  it('counts every classification but public and internal as personal data or above', () => {
    const ids = [...examples().config.classifications.values()].filter(holdsPersonalData).map((c) => c.id);
    expect(ids).toEqual(['personal', 'health', 'health-research', 'classified']);
  });
});

describe('RES-05 secrets sync', () => {
  it('refuses a GitHub sync destination in a health stack', () => {
    const { json } = exampleStack();
    json.resource.vault_secrets_sync_gh_destination = { ci: { name: 'dsp-ng-ci', access_token: '${var.gh_token}', repository_owner: 'esante', repository_name: 'dsp' } };
    const [f, ...rest] = run(RES_05, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'RES-05', resource: 'vault_secrets_sync_gh_destination.ci', severity: 'error' });
    expect(f.found).toBe('secrets sync destination "dsp-ng-ci" copies tenant secrets to GitHub Actions secrets');
    expect(f.allowed).toBe('no secrets sync destination: classification health holds personal data (only public and internal data may)');
  });
  it('stays quiet on a sync destination of internal data', () => {
    const { json } = exampleStack('mfin-internal');
    json.resource.vault_secrets_sync_aws_destination = { sm: { name: 'mfin-sm', region: 'eu-central-1' } };
    expect(run(RES_05, json, 'mfin-internal')).toEqual([]);
  });
});

describe('RES-06 managed keys', () => {
  it('refuses a managed key in AWS KMS for health data', () => {
    const { json } = exampleStack();
    json.resource.vault_managed_keys = { keys: { namespace: 'dsp-ng', aws: [awsKey] } };
    const [f, ...rest] = run(RES_06, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'RES-06', resource: 'vault_managed_keys.keys', attribute: 'aws.0', severity: 'error' });
    expect(f.found).toBe('managed key "cloud-kms" is in AWS KMS in region eu-west-1');
    expect(f.allowed).toContain('pkcs keys on an HSM of site ctie-govcloud-1, through its Vault https://vault.govcloud.ctie.lu:8200');
  });
  it('refuses a managed key in Azure Key Vault for research data', () => {
    const { json } = exampleStack('lih-research');
    json.resource.vault_managed_keys = { keys: { azure: [{ name: 'akv', tenant_id: 't', client_id: 'c', client_secret: '${var.s}', vault_name: 'lih-kv', key_name: 'k', key_type: 'RSA' }] } };
    const [f] = run(RES_06, json, 'lih-research');
    expect(f).toMatchObject({ attribute: 'azure.0', severity: 'error' });
    expect(f.found).toBe('managed key "akv" is in Azure Key Vault lih-kv');
  });
  it('refuses a PKCS#11 key configured on a Vault of another site', () => {
    const { json } = exampleStack();
    json.provider.vault.push({ alias: 'research', address: 'https://vault.fra1.forschungscloud.example:8200' });
    json.resource.vault_managed_keys = { keys: { provider: 'vault.research', pkcs: [pkcsKey] } };
    const [f] = run(RES_06, json);
    expect(f).toMatchObject({ attribute: 'pkcs.0', severity: 'error' });
    expect(f.found).toContain('kms_library "ctie-hsm" of the Vault at vault.fra1.forschungscloud.example (site research-de-1, DE)');
  });
  it('stays quiet on a PKCS#11 key on the site Vault and on an AWS-compatible KMS of the site', () => {
    const { json } = exampleStack();
    json.resource.vault_managed_keys = { keys: { pkcs: [pkcsKey], aws: [{ ...awsKey, endpoint: 'https://kms.govcloud.ctie.lu' }] } };
    expect(run(RES_06, json)).toEqual([]);
  });
  it('stays quiet on an AWS KMS key of internal data', () => {
    const { json } = exampleStack('mfin-internal');
    json.resource.vault_managed_keys = { keys: { aws: [awsKey] } };
    expect(run(RES_06, json, 'mfin-internal')).toEqual([]);
  });
});

describe('RES-07 Vault snapshots', () => {
  const agent = (extra: Record<string, unknown>) => ({ snap: { name: 'hourly', interval_seconds: 3600, path_prefix: 'vault', ...extra } });
  it('refuses snapshots to Google Cloud Storage', () => {
    const { json } = exampleStack('mfin-internal');
    json.resource.vault_raft_snapshot_agent_config = agent({ storage_type: 'google-gcs', google_gcs_bucket: 'vault-snaps' });
    const [f] = run(RES_07, json, 'mfin-internal');
    expect(f).toMatchObject({ ruleId: 'RES-07', resource: 'vault_raft_snapshot_agent_config.snap', attribute: 'storage_type', severity: 'error' });
    expect(f.found).toBe('snapshot agent "hourly" writes Vault snapshots to Google Cloud Storage (storage_type "google-gcs")');
    expect(f.allowed).toContain('a site allowed for internal: ctie-govcloud-1 (govcloud.ctie.lu); lu-colo-1 (colo-bissen.lux.example)');
  });
  it('refuses aws-s3 without an endpoint, which means AWS', () => {
    const { json } = exampleStack();
    json.resource.vault_raft_snapshot_agent_config = agent({ storage_type: 'aws-s3', aws_s3_bucket: 'vault-snaps', aws_s3_region: 'eu-west-1' });
    const [f] = run(RES_07, json);
    expect(f).toMatchObject({ attribute: 'aws_s3_endpoint', severity: 'error' });
    expect(f.found).toContain('without aws_s3_endpoint: snapshots go to AWS S3 (eu-west-1)');
  });
  it('refuses an S3 endpoint in a country the classification does not allow', () => {
    const { json } = exampleStack();
    json.resource.vault_raft_snapshot_agent_config = agent({ storage_type: 'aws-s3', aws_s3_bucket: 'vault-snaps', aws_s3_endpoint: 'https://s3.fra1.forschungscloud.example' });
    expect(run(RES_07, json)[0].found).toContain('at site research-de-1 (DE), which classification health does not allow');
  });
  it('keeps enclave snapshots inside the enclave', () => {
    const { json } = exampleStack('enclave-analytics');
    json.resource.vault_raft_snapshot_agent_config = agent({ storage_type: 'aws-s3', aws_s3_bucket: 'vault-snaps', aws_s3_endpoint: 'https://s3.govcloud.ctie.lu' });
    expect(run(RES_07, json, 'enclave-analytics')[0].found).toContain('on the other side of an air gap');
  });
  it('stays quiet on an S3 store of the site and on local snapshots', () => {
    const { json } = exampleStack();
    json.resource.vault_raft_snapshot_agent_config = {
      ...agent({ storage_type: 'aws-s3', aws_s3_bucket: 'vault-snaps', aws_s3_endpoint: 'https://s3.govcloud.ctie.lu', aws_s3_force_path_style: true }),
      local: { name: 'local', interval_seconds: 3600, path_prefix: '/var/snap', storage_type: 'local', local_max_space: 1e9 },
    };
    expect(run(RES_07, json)).toEqual([]);
  });
});

describe('RES-08 foreign-cloud secret engines', () => {
  const awsEngine = { aws: { path: 'aws', namespace: 'x', access_key: '${var.k}', secret_key: '${var.s}' } };
  it('is a warning for internal data', () => {
    const { json } = exampleStack('mfin-internal');
    json.resource.vault_aws_secret_backend = awsEngine;
    const [f] = run(RES_08, json, 'mfin-internal');
    expect(f).toMatchObject({ ruleId: 'RES-08', resource: 'vault_aws_secret_backend.aws', severity: 'warning' });
    expect(f.found).toBe('vault_aws_secret_backend at "aws" holds and issues AWS credentials');
    expect(f.allowed).toBe("no foreign-cloud secret engine in tenant mfin-internal's namespace");
  });
  it('is an error for health data', () => {
    const { json } = exampleStack();
    json.resource.vault_gcp_secret_backend = { gcp: { path: 'gcp', credentials: '${var.c}' } };
    expect(run(RES_08, json)[0]).toMatchObject({ resource: 'vault_gcp_secret_backend.gcp', severity: 'error' });
  });
  it('is an error in an air-gapped classification even if it did not raise warnings', () => {
    const { json, context } = exampleStack('enclave-analytics');
    json.resource.vault_azure_secret_backend = { az: { path: 'azure', subscription_id: 's', tenant_id: 't' } };
    const ctx = context(json);
    const [f] = RES_08.check({ ...ctx, classification: { ...ctx.classification, warningsAreErrors: undefined } });
    expect(f.severity).toBe('error');
    expect(f.allowed).toContain('classification classified is air-gapped');
  });
  it('recognises a generic mount of a cloud secret engine', () => {
    const { json } = exampleStack('mfin-internal');
    json.resource.vault_mount.cloud = { path: 'tenants/mfin-internal/gcp', type: 'gcp' };
    expect(run(RES_08, json, 'mfin-internal')[0].found).toBe('mount of type "gcp" at "tenants/mfin-internal/gcp" holds and issues Google Cloud credentials');
  });
  it('stays quiet on the transit and KV mounts', () => {
    expect(run(RES_08, exampleStack().json)).toEqual([]);
  });
});
