import { evaluateTenant, type TenantPolicyInput } from '../../../policy';
import { STA_01 } from '../../../policy/tenant-rules/sta';
import type { PgStateBackend, S3StateBackend } from '../../../policy/model';
import { healthClass, luSite, sourced } from '../fixtures';

const PG: PgStateBackend = { type: 'pg', host: 'tfstate-db.lu.test', port: 5432, database: 'terraform', sslmode: 'verify-full', schemaPrefix: 'govcloud_' };
const S3: S3StateBackend = { type: 's3', endpoint: 'https://objects.lu.test', bucket: 'tfstate', region: 'lu-1', keyPrefix: 'tenants/' };
const input = (over: Partial<TenantPolicyInput> = {}): TenantPolicyInput => ({ tenant: 't1', site: luSite(), classification: healthClass(), ...over });

describe('STA-01 (tenant rule) remote state where the site requires it', () => {
  it('refuses a tenant on a site that requires remote state but keeps it local, and names the site field to change', () => {
    const [f] = STA_01.check(input({ site: luSite({ remoteStateRequired: true, stateBackend: { type: 'local' } }) }));
    expect(f).toMatchObject({ ruleId: 'STA-01', severity: 'error', tenant: 't1', field: 'site' });
    expect(f.found).toBe('site lu-test requires remote state (remoteStateRequired: true) but its stateBackend is local');
    expect(f.fix).toContain('give site lu-test a stateBackend of type pg or s3 in config/sites.yaml');
  });

  it('counts a site without stateBackend as local', () => {
    expect(STA_01.check(input({ site: luSite({ remoteStateRequired: true }) })).map((f) => f.ruleId)).toEqual(['STA-01']);
  });

  it('suggests only sites with remote state that the classification allows', () => {
    const site = luSite({ remoteStateRequired: true });
    const catalogue = [site, luSite({ id: 'lu-pg', stateBackend: PG }), luSite({ id: 'de-pg', country: 'DE', stateBackend: PG }), luSite({ id: 'lu-local' })];
    const [f] = STA_01.check(input({ site, catalogue }));
    expect(f.fix).toContain('e.g. lu-pg');
    expect(f.fix).not.toMatch(/de-pg|lu-local/);
  });

  it.each([
    ['pg', PG],
    ['s3', S3],
  ])('stays quiet on a site that requires remote state and has a %s backend', (_t, stateBackend) => {
    expect(STA_01.check(input({ site: luSite({ remoteStateRequired: true, stateBackend }) }))).toEqual([]);
  });

  it('stays quiet on local state where the site does not require remote state, even for public data', () => {
    expect(STA_01.check(input({ site: luSite({ stateBackend: { type: 'local' } }) }))).toEqual([]);
    expect(STA_01.check(input({ site: luSite({ remoteStateRequired: false }), classification: healthClass({ id: 'public', minimumTier: undefined, countries: sourced(['LU']) }) }))).toEqual([]);
  });

  it('is in the tenant catalogue, so synth refuses such a tenant before any construct is built', () => {
    expect(evaluateTenant(input({ site: luSite({ remoteStateRequired: true }) })).map((f) => f.ruleId)).toEqual(['STA-01']);
  });

  it('runs for the state concern only, beside the placement rules', () => {
    const site = luSite({ remoteStateRequired: true });
    expect(evaluateTenant(input({ site }), ['compute']).map((f) => f.ruleId)).toEqual([]);
    expect(evaluateTenant(input({ site }), ['state']).map((f) => f.ruleId)).toEqual(['STA-01']);
  });
});
