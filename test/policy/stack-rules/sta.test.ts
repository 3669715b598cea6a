import { STA_01, STA_02, STA_03, STA_05 } from '../../../policy/stack-rules/sta';
import { examples, exampleStack, family, run } from './stack-fixtures';

/** The s3 backend settings that keep a MinIO/Ceph store in the site and away from AWS. */
const inSiteS3 = (endpoint: string) => ({
  bucket: 'tfstate',
  key: 'dsp-ng/terraform.tfstate',
  region: 'lu-1',
  endpoints: { s3: endpoint },
  use_path_style: true,
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_region_validation: true,
  use_lockfile: true,
});

describe('state rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find only the local-state warning in the %s example', (tenant) => {
    const ctx = exampleStack(tenant).context();
    const findings = family('STA').flatMap((rule) => rule.check(ctx));
    expect(findings.map((f) => [f.ruleId, f.severity, f.resource, f.attribute])).toEqual([['STA-01', 'warning', 'terraform.backend', 'local']]);
  });
});

describe('STA-01 remote state', () => {
  it('warns about local state and names where state may go instead', () => {
    const [f] = run(STA_01, exampleStack().json);
    expect(f.found).toBe('state is a local file, in clear, on the machine that runs Terraform');
    expect(f.allowed).toBe(
      'a pg or s3 backend at a host of a site allowed for health: ctie-govcloud-1 (govcloud.ctie.lu); lu-colo-1 (colo-bissen.lux.example); ' +
        'university-lu-1 (hpc.uni.lux.example); hospital-dc-1 (dc.hospital.lux.example); social-security-dc-1 (dc.ccss.lux.example); ' +
        'ctie-govcloud-2 (govcloud2.ctie.lu); or a custodian of Terraform state it allows (e.g. lu-state-custody)',
    );
  });
  it("says what to change in sites.yaml, the site's stateBackend, not in Terraform attributes", () => {
    const [f] = run(STA_01, exampleStack().json);
    expect(f.fix).toBe('set stateBackend of site ctie-govcloud-1 to type pg or s3 on a host under govcloud.ctie.lu (docs/state-backends.md)');
  });
  it('names a local path other than Terraform\'s default', () => {
    const { json } = exampleStack();
    json.terraform.backend = { local: { path: '/tmp/state.json' } };
    expect(run(STA_01, json)[0].found).toBe('state is a local file (path "/tmp/state.json"), in clear, on the machine that runs Terraform');
  });
  it('keeps the state of an enclave tenant inside the enclave', () => {
    expect(run(STA_01, exampleStack('enclave-analytics').json, 'enclave-analytics')[0].allowed).toContain('site lu-enclave-1 (under enclave.internal), inside the enclave');
  });
  it('refuses a stack without a backend', () => {
    const { json } = exampleStack();
    delete json.terraform.backend;
    const [f] = run(STA_01, json);
    expect(f).toMatchObject({ ruleId: 'STA-01', resource: 'terraform.backend', attribute: undefined, severity: 'error' });
    expect(f.found).toContain('no backend');
  });
  it('refuses state in HCP Terraform', () => {
    const { json } = exampleStack('mfin-internal');
    json.terraform.backend = { remote: { organization: 'mfin', workspaces: { name: 'mfin-internal' } } };
    const [f] = run(STA_01, json, 'mfin-internal');
    expect(f).toMatchObject({ attribute: 'remote', severity: 'error', found: 'backend "remote" keeps state in HCP Terraform, outside the site' });
  });
  it('stays quiet on local state of public data', () => {
    const { context } = exampleStack('mfin-internal');
    const ctx = context();
    expect(STA_01.check({ ...ctx, classification: examples().config.classifications.get('public')! })).toEqual([]);
  });
  it('refuses local state as an error on a site that requires remote state, public data included', () => {
    const ctx = exampleStack('mfin-internal').context();
    const strict = { ...ctx, site: { ...ctx.site, remoteStateRequired: true } };
    const [f] = STA_01.check(strict);
    expect(f).toMatchObject({ ruleId: 'STA-01', severity: 'error', attribute: 'local' });
    expect(f.found).toContain('site lu-colo-1 requires remote state (remoteStateRequired)');
    expect(STA_01.check({ ...strict, classification: examples().config.classifications.get('public')! })[0]).toMatchObject({ severity: 'error' });
  });
  it('stays quiet on an in-site pg backend of a site that requires remote state', () => {
    const { json, context } = exampleStack();
    json.terraform.backend = { pg: { conn_str: 'postgres://tfstate-db.govcloud.ctie.lu:5432/terraform?sslmode=verify-full', schema_name: 'govcloud_dsp_ng' } };
    const ctx = context(json);
    const registered = { type: 'pg' as const, host: 'tfstate-db.govcloud.ctie.lu', port: 5432, database: 'terraform', sslmode: 'verify-full' as const, schemaPrefix: 'govcloud_', encryptedAtRest: true };
    const site = { ...ctx.site, remoteStateRequired: true, stateBackend: registered };
    expect(family('STA').flatMap((r) => r.check({ ...ctx, site, catalogue: ctx.catalogue.map((s) => (s.id === site.id ? site : s)) }))).toEqual([]);
  });
  it('leaves pg and s3 backends to STA-02 and STA-03', () => {
    const { json } = exampleStack();
    json.terraform.backend = { s3: inSiteS3('https://s3.govcloud.ctie.lu') };
    expect(run(STA_01, json)).toEqual([]);
  });
});

describe('STA-02 s3 state backend', () => {
  it('refuses an s3 backend without endpoint, which is AWS', () => {
    const { json } = exampleStack();
    const { endpoints: _, ...aws } = inSiteS3('');
    json.terraform.backend = { s3: aws };
    const [f, ...rest] = run(STA_02, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'STA-02', resource: 'terraform.backend', attribute: 'endpoints.s3', severity: 'error' });
    expect(f.found).toBe('no endpoints.s3: state goes to AWS S3 in lu-1, bucket "tfstate"');
    expect(f.allowed).toContain('ctie-govcloud-1 (govcloud.ctie.lu)');
  });
  it('refuses an object store in Germany for health data, also through the legacy endpoint setting', () => {
    const { json } = exampleStack();
    const { endpoints: _, ...rest } = inSiteS3('');
    json.terraform.backend = { s3: { ...rest, endpoint: 'https://s3.fra1.forschungscloud.example' } };
    const [f] = run(STA_02, json);
    expect(f).toMatchObject({ attribute: 'endpoint', found: 'state goes to s3.fra1.forschungscloud.example is at site research-de-1 (DE), which classification health does not allow' });
  });
  it('refuses an object store outside the enclave for classified data', () => {
    const { json } = exampleStack('enclave-analytics');
    json.terraform.backend = { s3: inSiteS3('https://s3.govcloud.ctie.lu') };
    expect(run(STA_02, json, 'enclave-analytics')[0].found).toContain('outside the enclave lu-enclave-1');
  });
  it('refuses a backend without S3-native locking that would ask AWS who it is', () => {
    const { json } = exampleStack();
    const s3: any = inSiteS3('https://s3.govcloud.ctie.lu');
    delete s3.use_lockfile;
    delete s3.skip_credentials_validation;
    s3.dynamodb_table = 'tflock';
    json.terraform.backend = { s3 };
    const findings = run(STA_02, json);
    expect(findings.map((f) => f.attribute)).toEqual(['skip_credentials_validation', 'dynamodb_table', 'use_lockfile']);
    expect(findings[1].found).toBe('the lock table "tflock" is at AWS DynamoDB (no endpoints.dynamodb)');
    expect(findings[2].found).toBe('use_lockfile is not set: state is locked through DynamoDB');
  });
  it("stays quiet on the site's object store with S3-native locking", () => {
    const { json } = exampleStack();
    json.terraform.backend = { s3: inSiteS3('https://s3.govcloud.ctie.lu:9000') };
    expect(run(STA_02, json)).toEqual([]);
  });
});

describe('STA-03 pg state backend', () => {
  const pg = (conn_str?: string) => ({ pg: conn_str === undefined ? { schema_name: 'dsp_ng' } : { conn_str } });
  it("refuses a database at a US-controlled provider's site", () => {
    const { json } = exampleStack();
    json.terraform.backend = pg('postgres://pg.euw1.hyperscaler.example:5432/state?sslmode=verify-full');
    const [f, ...rest] = run(STA_03, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'STA-03', resource: 'terraform.backend', attribute: 'conn_str', severity: 'error' });
    expect(f.found).toBe('state goes to pg.euw1.hyperscaler.example is at site hyperscaler-eu-west (IE), which classification health does not allow');
  });
  it('refuses sslmode=disable to a database on another machine, in key=value form too', () => {
    const { json } = exampleStack();
    json.terraform.backend = pg("host=pg.govcloud.ctie.lu dbname=state sslmode=disable");
    const [f] = run(STA_03, json);
    expect(f.found).toBe('sslmode=disable for pg.govcloud.ctie.lu: state may cross the network unencrypted');
  });
  it('warns that a backend configured by PG_CONN_STR cannot be located', () => {
    const { json } = exampleStack();
    json.terraform.backend = pg();
    const [f] = run(STA_03, json);
    expect(f).toMatchObject({ attribute: 'conn_str', severity: 'warning', found: expect.stringContaining('PG_CONN_STR') });
  });
  it('stays quiet on the site database over verified TLS and on a local one without TLS', () => {
    const { json } = exampleStack();
    json.terraform.backend = pg('postgres://pg.govcloud.ctie.lu/state?sslmode=verify-full');
    expect(run(STA_03, json)).toEqual([]);
    json.terraform.backend = pg('postgres://localhost/terraform_backend?sslmode=disable');
    expect(run(STA_03, json)).toEqual([]);
  });
});

describe('STA-05 secrets in state', () => {
  it('warns about a KV secret written by Terraform in a health stack', () => {
    const { json } = exampleStack();
    json.resource.vault_kv_secret_v2 = { db: { mount: '${vault_mount.tenant_keys_kv_AB5B8040.path}', name: 'app/db', namespace: 'dsp-ng', data_json: '{"password":"x"}' } };
    const [f] = run(STA_05, json);
    expect(f).toMatchObject({ ruleId: 'STA-05', resource: 'vault_kv_secret_v2.db', attribute: 'data_json', severity: 'warning' });
    expect(f.found).toBe('vault_kv_secret_v2 "app/db" writes its secret into state and plan files in clear');
  });
  it('warns about a secret read back through a data source', () => {
    const { json } = exampleStack('lih-research');
    json.data.vault_generic_secret = { db: { path: 'kv/data/app/db', namespace: 'lih-research' } };
    expect(run(STA_05, json, 'lih-research').map((f) => f.resource)).toEqual(['data.vault_generic_secret.db']);
  });
  it('stays quiet on a write-only secret, and on secrets of internal data', () => {
    const { json } = exampleStack();
    json.resource.vault_kv_secret_v2 = { db: { mount: 'kv', name: 'app/db', namespace: 'dsp-ng', data_json_wo: '${var.db}', data_json_wo_version: 1 } };
    expect(run(STA_05, json)).toEqual([]);
    const internal = exampleStack('mfin-internal').json;
    internal.resource.vault_generic_secret = { db: { path: 'tenants/mfin-internal/kv/app/db', data_json: '{}' } };
    expect(run(STA_05, internal, 'mfin-internal')).toEqual([]);
  });
});
