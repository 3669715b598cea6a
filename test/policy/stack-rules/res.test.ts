import { RES_01_STACK } from '../../../policy/stack-rules/res/RES-01';
import { RES_02 } from '../../../policy/stack-rules/res/RES-02';
import { RES_03 } from '../../../policy/stack-rules/res/RES-03';
import { RES_05 } from '../../../policy/stack-rules/res/RES-05';
import { RES_06 } from '../../../policy/stack-rules/res/RES-06';
import { RES_07 } from '../../../policy/stack-rules/res/RES-07';
import { RES_08 } from '../../../policy/stack-rules/res/RES-08';
import { RES_09 } from '../../../policy/stack-rules/res/RES-09';
import { holdsPersonalData } from '../../../policy/stack-rules/res/personal-data';
import { examples, exampleStack, family, run } from './stack-fixtures';

/** An AWS KMS managed key as the Vault provider writes it. */
const awsKey = { name: 'cloud-kms', access_key: '${var.aws_access_key}', secret_key: '${var.aws_secret_key}', key_bits: '2048', key_type: 'RSA', kms_key: 'alias/vault', region: 'eu-west-1' };
/** A PKCS#11 managed key on a kms_library stanza of the Vault servers. */
const pkcsKey = { name: 'site-hsm', library: 'ctie-hsm', key_label: 'vault-key', key_id: '1', mechanism: '0x0001', pin: '${var.hsm_pin}' };

/** The address and JSON of the first resource of `type` whose `name` attribute is `name`. */
function named(json: any, type: string, name: string): { address: string; key: string; r: any } {
  const [key, r] = Object.entries(json.resource[type]).find(([, v]: [string, any]) => v.name === name) as [string, any];
  return { address: `${type}.${key}`, key, r };
}

/** The reference to the tag of `category` (`classification`, `tenant`, `site`) that the toolkit attaches to every VM. */
const tagRef = (json: any, category: string) => {
  const [key] = Object.entries(json.resource.vsphere_tag).find(([k]) => k.startsWith(`tenant_tags_${category}-tag`)) as [string, any];
  return `\${vsphere_tag.${key}.id}`;
};

describe('RES rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find nothing wrong in the %s example', (tenant) => {
    const ctx = exampleStack(tenant).context();
    expect(family('RES').flatMap((rule) => rule.check(ctx))).toEqual([]);
  });
  it('counts every classification but public and internal as personal data or above', () => {
    const ids = [...examples().config.classifications.values()].filter(holdsPersonalData).map((c) => c.id);
    expect(ids).toEqual(['personal', 'health', 'social-security', 'health-research', 'classified']);
  });
});

describe('RES-01 datacenter residency', () => {
  it('fires on a raw VM looked up in the German datacenter of a health stack', () => {
    const { json } = exampleStack();
    json.data.vsphere_datacenter.foreign = { name: 'FRA1' };
    json.data.vsphere_compute_cluster.foreign = { name: 'fra1-research', datacenter_id: '${data.vsphere_datacenter.foreign.id}' };
    json.resource.vsphere_virtual_machine.raw = { name: 'raw', resource_pool_id: '${data.vsphere_compute_cluster.foreign.resource_pool_id}' };
    const findings = run(RES_01_STACK, json);
    expect(findings.map((f) => f.resource)).toEqual(['data.vsphere_datacenter.foreign']);
    expect(findings[0].found).toContain('site research-de-1 (DE');
    expect(findings[0].allowed).toContain('ctie-govcloud-1');
  });
  it('fires on an unregistered datacenter', () => {
    const { json } = exampleStack();
    json.data.vsphere_datacenter.x = { name: 'SOMEWHERE' };
    expect(run(RES_01_STACK, json)[0].found).toContain('not registered');
  });
  it('fires on a VM whose placement leads to no datacenter', () => {
    const { json } = exampleStack();
    json.resource.vsphere_virtual_machine.raw = { name: 'raw', resource_pool_id: 'resgroup-1234' };
    expect(run(RES_01_STACK, json).map((f) => f.resource)).toEqual(['vsphere_virtual_machine.raw']);
  });
  it('follows a reference to an instance of a counted block to its datacenter, allowed or not', () => {
    const { json } = exampleStack();
    const [pool] = Object.keys(json.resource.vsphere_resource_pool);
    json.resource.vsphere_resource_pool[pool].count = 1;
    json.resource.vsphere_virtual_machine.counted = { name: 'counted', resource_pool_id: `\${vsphere_resource_pool.${pool}[0].id}` };
    expect(run(RES_01_STACK, json)).toEqual([]);
    json.data.vsphere_datacenter.foreign = { name: 'FRA1' };
    json.data.vsphere_compute_cluster.foreign = { name: 'fra1-research', datacenter_id: '${data.vsphere_datacenter.foreign.id}', count: 2 };
    json.resource.vsphere_virtual_machine.counted.resource_pool_id = '${data.vsphere_compute_cluster.foreign[1].resource_pool_id}';
    expect(run(RES_01_STACK, json).map((f) => f.resource)).toEqual(['data.vsphere_datacenter.foreign']);
  });
  it('stays quiet on the research stack in its German datacenter', () => {
    expect(run(RES_01_STACK, exampleStack('lih-research').json, 'lih-research')).toEqual([]);
  });
});

describe('RES-02 and RES-03 provider endpoints', () => {
  it('fires when the vSphere provider points at another site', () => {
    const { json } = exampleStack();
    json.provider.vsphere[0].vsphere_server = 'vcenter.fra1.forschungscloud.example';
    const [f] = run(RES_02, json);
    expect(f).toMatchObject({ ruleId: 'RES-02', resource: 'provider.vsphere', attribute: 'vsphere_server' });
    expect(f.found).toContain('research-de-1');
  });
  it('fires when the Vault provider points at a foreign Vault', () => {
    const { json } = exampleStack();
    json.provider.vault[0].address = 'https://vault.euw1.hyperscaler.example:8200';
    expect(run(RES_03, json)[0].found).toContain('hyperscaler-eu-west');
  });
  it('fires when the Vault address is left to the environment', () => {
    const { json } = exampleStack();
    delete json.provider.vault[0].address;
    expect(run(RES_03, json)[0].found).toContain('VAULT_ADDR');
  });
  it('stays quiet on the site endpoints', () => {
    const { json } = exampleStack();
    expect([...run(RES_02, json), ...run(RES_03, json)]).toEqual([]);
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

describe('RES-09 classification and tenant tags', () => {
  it('refuses a VM without its classification tag', () => {
    const { json } = exampleStack();
    const vm = named(json, 'vsphere_virtual_machine', 'dsp-ng-db-01');
    vm.r.tags = vm.r.tags.filter((t: string) => t !== tagRef(json, 'classification'));
    const [f, ...rest] = run(RES_09, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'RES-09', resource: vm.address, attribute: 'tags', severity: 'error', constructPath: 'dsp-ng/tenant/compute/dsp-ng-db-01' });
    expect(f.found).toBe('VM "dsp-ng-db-01" has no tag of a classification category (a category named "...-classification")');
    expect(f.allowed).toBe('exactly one tag "health" of a category named "...-classification" (TenantTags: "dsp-ng-classification") with cardinality SINGLE');
  });
  it('refuses a VM with no tags at all, once for each missing tag', () => {
    const { json } = exampleStack('mfin-internal');
    delete named(json, 'vsphere_virtual_machine', 'mfin-internal-web-01').r.tags;
    const findings = run(RES_09, json, 'mfin-internal');
    expect(findings.map((f) => f.found)).toEqual(['VM "mfin-internal-web-01" has no tags', 'VM "mfin-internal-web-01" has no tags']);
    expect(findings[0].allowed).toContain('exactly one tag "internal" of a category named "...-classification"');
    expect(findings[1].allowed).toContain('exactly one tag "mfin-internal" of a category named "...-tenant"');
  });
  it('refuses a classification tag that names another classification', () => {
    const { json } = exampleStack();
    named(json, 'vsphere_tag', 'health').r.name = 'internal';
    const findings = run(RES_09, json);
    expect(findings.length).toBe(5); // every dsp-ng VM
    expect(findings[0].found).toContain('is tagged classification "internal"');
    expect(findings[0].found).toContain('but tenant dsp-ng has classification "health"');
  });
  it('refuses two classification tags on one VM', () => {
    const { json } = exampleStack();
    json.resource.vsphere_tag.extra = { name: 'public', category_id: named(json, 'vsphere_tag', 'health').r.category_id };
    const vm = named(json, 'vsphere_virtual_machine', 'dsp-ng-app-01');
    vm.r.tags.push('${vsphere_tag.extra.id}');
    const [f] = run(RES_09, json);
    expect(f).toMatchObject({ resource: vm.address, attribute: 'tags' });
    expect(f.found).toContain('has 2 classification tags: "health" of category "dsp-ng-classification", "public" of category "dsp-ng-classification"');
  });
  it('refuses a tenant category that allows several tags per object', () => {
    const { json } = exampleStack('lih-research');
    const category = named(json, 'vsphere_tag_category', 'lih-research-tenant');
    category.r.cardinality = 'MULTIPLE';
    const [f, ...rest] = run(RES_09, json, 'lih-research');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ resource: category.address, attribute: 'cardinality', severity: 'error' });
    expect(f.found).toBe('tenant category "lih-research-tenant" has cardinality "MULTIPLE": an object may carry several tenant tags');
    expect(f.allowed).toBe('cardinality = "SINGLE"');
  });
  it('refuses a classification category looked up rather than declared', () => {
    const { json } = exampleStack('enclave-analytics');
    json.data.vsphere_tag_category = { shared: { name: 'govcloud-classification' } };
    json.data.vsphere_tag = { classified: { name: 'classified', category_id: '${data.vsphere_tag_category.shared.id}' } };
    const vm = Object.values(json.resource.vsphere_virtual_machine)[0] as any;
    vm.tags = [tagRef(json, 'tenant'), '${data.vsphere_tag.classified.id}'];
    const [f] = run(RES_09, json, 'enclave-analytics');
    expect(f).toMatchObject({ resource: 'data.vsphere_tag_category.shared', severity: 'error' });
    expect(f.found).toContain('is looked up, not declared by this stack');
  });
  it('stays quiet on a plan whose tag ids are known only after apply', () => {
    const { json, context } = exampleStack();
    delete named(json, 'vsphere_virtual_machine', 'dsp-ng-app-01').r.tags;
    const ctx = context(json);
    const vm = ctx.doc.resources.find((b) => b.values.name === 'dsp-ng-app-01')!;
    (vm.unknown as Set<string>).add('tags');
    expect(RES_09.check(ctx)).toEqual([]);
  });
  it('stays quiet on VMs carrying the toolkit tags', () => {
    expect(run(RES_09, exampleStack().json)).toEqual([]);
  });
});
