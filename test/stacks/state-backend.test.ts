import { Testing, TerraformStack } from 'cdktf';
import { ResidencyError } from '../../constructs/residency-error';
import type { PgStateBackend, S3StateBackend, Site } from '../../policy/model';
import { checkStack, stackContext, STACK_RULES } from '../../policy/stack-rules';
import { fromSynthJson } from '../../policy/terraform';
import { addStateBackend, pgConnStr, pgSchemaName, s3StateKey } from '../../stacks/state-backend';
import { TenantStack } from '../../stacks/tenant-stack';
import { tenantSpec } from '../constructs/tenant-fixtures';
import { healthClass, luSite, sourced } from '../policy/fixtures';

const PG: PgStateBackend = { type: 'pg', host: 'tfstate-db.lu.test', port: 5432, database: 'terraform', sslmode: 'verify-full', schemaPrefix: 'govcloud_', encryptedAtRest: true };
const S3: S3StateBackend = { type: 's3', endpoint: 'https://objects.lu.test', bucket: 'govcloud-tfstate', region: 'lu-1', keyPrefix: 'tenants/', encryptedAtRest: true };

interface BackendJson {
  terraform: { backend: Record<string, Record<string, unknown>> };
}

/** The synthesized text of a whole tenant stack `my-tenant` on `site`. */
function synthTenant(site: Site): string {
  const stack = new TenantStack(Testing.app(), { spec: tenantSpec({ name: 'my-tenant' }), site, classification: healthClass(), catalogue: [site] });
  return Testing.synth(stack);
}

const backendOf = (text: string) => (JSON.parse(text) as BackendJson).terraform.backend;

/** Every finding of the whole stack catalogue on the synthesized stack of `site`, STA rules and others. */
function stackFindings(site: Site, classification = healthClass()): string[] {
  const doc = fromSynthJson(JSON.parse(synthTenant(site)), 'my-tenant/cdk.tf.json', 'my-tenant');
  return checkStack(stackContext(doc, site, classification, [site]), STACK_RULES).findings.map((f) => `${f.ruleId} ${f.severity} ${f.found}`);
}

describe('state backend from the site catalogue', () => {
  it('keeps state in a local file relative to the stack folder when the site declares no backend', () => {
    expect(backendOf(synthTenant(luSite()))).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(backendOf(synthTenant(luSite({ stateBackend: { type: 'local' } })))).toEqual({ local: { path: 'terraform.tfstate' } });
  });

  it('writes a pg backend on the site database with a schema of the tenant own, TLS verified and no credential', () => {
    expect(backendOf(synthTenant(luSite({ stateBackend: PG })))).toEqual({
      pg: { conn_str: 'postgres://tfstate-db.lu.test:5432/terraform?sslmode=verify-full', schema_name: 'govcloud_my_tenant' },
    });
  });

  it('writes an s3 backend on the site object store, path style, with every AWS check off and S3-native locking', () => {
    expect(backendOf(synthTenant(luSite({ stateBackend: S3 })))).toEqual({
      s3: {
        bucket: 'govcloud-tfstate',
        key: 'tenants/my-tenant/terraform.tfstate',
        region: 'lu-1',
        endpoints: { s3: 'https://objects.lu.test' },
        use_path_style: true,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_region_validation: true,
        skip_metadata_api_check: true,
        use_lockfile: true,
      },
    });
  });

  it('writes none of the credentials the backends read from the environment', () => {
    const saved = { ...process.env };
    Object.assign(process.env, { PGUSER: 'tf-user-from-env', PGPASSWORD: 'pg-password-from-env', AWS_ACCESS_KEY_ID: 'AKIAFROMENVIRONMENT', AWS_SECRET_ACCESS_KEY: 'aws-secret-from-env' });
    try {
      const pg = synthTenant(luSite({ stateBackend: PG }));
      const s3 = synthTenant(luSite({ stateBackend: S3 }));
      for (const secret of ['tf-user-from-env', 'pg-password-from-env', 'AKIAFROMENVIRONMENT', 'aws-secret-from-env']) expect(pg + s3).not.toContain(secret);
      expect(String(backendOf(pg).pg.conn_str)).not.toContain('@');
      expect(Object.keys(backendOf(s3).s3)).not.toEqual(expect.arrayContaining(['access_key']));
      expect(Object.keys(backendOf(s3).s3)).not.toEqual(expect.arrayContaining(['secret_key']));
    } finally {
      process.env = saved;
    }
  });

  it.each([
    ['pg', PG],
    ['s3', S3],
  ])('gives a %s stack no finding from the stack rules, STA-01 to STA-04 included', (_type, backend) => {
    expect(stackFindings(luSite({ stateBackend: backend, remoteStateRequired: true }))).toEqual([]);
  });

  it.each([
    ['pg', { ...PG, encryptedAtRest: false }, 'tfstate-db.lu.test'],
    ['s3', { ...S3, encryptedAtRest: false }, 'objects.lu.test'],
  ])('warns of state on a %s store the site does not register as encrypted at rest (STA-04), an error where warnings are errors', (type, backend, host) => {
    const found = `no evidence that state at ${host} is encrypted at rest: site lu-test registers no ${type} state backend on ${host} with encryptedAtRest: true`;
    const site = luSite({ stateBackend: backend });
    expect(stackFindings(site)).toEqual([`STA-04 warning ${found}`]);
    expect(stackFindings(site, healthClass({ warningsAreErrors: sourced(true) }))).toEqual([`STA-04 error ${found}`]);
  });

  it('gives a local stack the STA-01 warning, and an STA-01 error once its site requires remote state', () => {
    // The constructor refuses a local backend on such a site, so the stack is built on a relaxed copy and judged against the strict one.
    const doc = fromSynthJson(JSON.parse(synthTenant(luSite())), 'my-tenant/cdk.tf.json', 'my-tenant');
    const judge = (site: Site) => checkStack(stackContext(doc, site, healthClass(), [site]), STACK_RULES).findings.map((f) => [f.ruleId, f.severity]);
    expect(judge(luSite())).toEqual([['STA-01', 'warning']]);
    expect(judge(luSite({ remoteStateRequired: true }))).toEqual([['STA-01', 'error']]);
  });

  it('refuses, before adding anything, a tenant whose site requires remote state but keeps it local', () => {
    const site = luSite({ remoteStateRequired: true });
    expect(() => synthTenant(site)).toThrow(ResidencyError);
    expect(() => synthTenant(site)).toThrow(/TenantStack: tenant my-tenant is refused.*\n.*STA-01.*requires remote state/);
    const stack = new TerraformStack(Testing.app(), 'bare');
    expect(() => addStateBackend(stack, { tenant: 'my-tenant', site, classification: healthClass() })).toThrow(/TenantStateBackend: tenant my-tenant is refused[\s\S]*STA-01/);
    expect(stack.node.children).toHaveLength(0);
  });

  it('accepts a pg or s3 backend on a site that requires remote state', () => {
    expect(() => synthTenant(luSite({ stateBackend: PG, remoteStateRequired: true }))).not.toThrow();
    expect(() => synthTenant(luSite({ stateBackend: S3, remoteStateRequired: true }))).not.toThrow();
  });

  it('names the tenant state after the tenant: schema with dashes as underscores, object key with the name as is', () => {
    expect(pgSchemaName(PG, 'dsp-ng-2')).toBe('govcloud_dsp_ng_2');
    expect(s3StateKey(S3, 'dsp-ng-2')).toBe('tenants/dsp-ng-2/terraform.tfstate');
    expect(pgConnStr({ ...PG, host: '127.0.0.1', port: 6543, sslmode: 'disable' })).toBe('postgres://127.0.0.1:6543/terraform?sslmode=disable');
  });
});
