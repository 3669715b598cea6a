import { evaluateTenant } from '../../../../policy/tenant-rules/catalogue';
import { RES_14 } from '../../../../policy/tenant-rules/res/RES-14';
import { RES_15 } from '../../../../policy/tenant-rules/res/RES-15';
import { RES_16 } from '../../../../policy/tenant-rules/res/RES-16';
import { custodian, healthClass, luSite, sourced } from '../../fixtures';
import { ids, input } from '../tenant-input';

/** The managed Vault of a provider in IE answering to US law, registered as a custodian of keys. */
const managedVault = custodian({ id: 'managed-vault', operator: 'Vault Cloud Ireland Ltd', country: 'IE', operatorJurisdictions: ['IE', 'US'], euControlled: false, domains: ['vault.cloud.test'], holds: ['keys'] });

const withVault = (address: string) => luSite({ vault: { ...luSite().vault, address } });
const withCollector = (auditCollector: string) => luSite({ vault: { ...luSite().vault, auditCollector } });

describe('RES-14 key custody', () => {
  it('refuses a health tenant whose site keeps its keys in a managed Vault abroad that nobody registered', () => {
    const [f] = RES_14.check(input({ site: withVault('https://eu.vault.cloud.test:8200') }));
    expect(f).toMatchObject({ ruleId: 'RES-14', severity: 'error', field: 'site', tenant: 't1' });
    expect(f.found).toBe(
      "the Vault of site lu-test (sites.yaml vault.address: https://eu.vault.cloud.test:8200) holds the tenant's keys, and eu.vault.cloud.test is not under the domains of site lu-test and no registered custodian holds it",
    );
    expect(f.allowed).toBe('a host of site lu-test (under lu.test), or a custodian of keys registered in sites.yaml that classification health allows (none registered)');
    expect(f.fix).toContain('register the custodian that runs it in config/sites.yaml (custodians:, with holds: [keys])');
    expect(f.source).toContain('policy (govcloud-tenants): docs/residency-policy.md, Custodians');
  });

  it('refuses a registered custodian the classification does not allow, naming its country, jurisdictions and the classification sources', () => {
    const [f] = RES_14.check(input({ site: withVault('https://eu.vault.cloud.test:8200'), custodians: [managedVault, custodian()] }));
    expect(f.found).toContain('eu.vault.cloud.test is held by custodian managed-vault (Vault Cloud Ireland Ltd; in IE; under IE, US law; not EU-controlled)');
    expect(f.allowed).toBe(
      'classification health allows LU; classification health requires an EU-controlled operator; classification health allows operators under LU law only: ' +
        'a host of site lu-test (under lu.test), or a custodian of keys registered in sites.yaml that classification health allows (e.g. lu-custody)',
    );
    // The classification's own sources, as for a site (the fixtures cite one "test source" per constraint).
    expect(f.source).toBe('standard: test source');
    expect(f.fix).toContain('or to a custodian of keys that classification health allows (e.g. lu-custody)');
  });

  it('judges the custodian with the placement rules: a custodian in IE under US law holds the keys of public-like data', () => {
    const open = healthClass({ countries: sourced(['LU', 'IE']), operatorJurisdictions: sourced(['LU', 'IE', 'US']), euControlled: sourced(false) });
    expect(RES_14.check(input({ site: withVault('https://eu.vault.cloud.test:8200'), custodians: [managedVault], classification: open }))).toEqual([]);
  });

  it('stays quiet on a Vault under the site domains and on one at an allowed custodian of keys', () => {
    expect(ids(input())).toEqual([]);
    expect(ids(input({ site: withVault('https://vault.custody.lu.example:8200'), custodians: [custodian()] }))).toEqual([]);
  });

  it('refuses a custodian registered for other kinds than keys', () => {
    const [f] = RES_14.check(input({ site: withVault('https://vault.custody.lu.example:8200'), custodians: [custodian({ holds: ['audit'] })] }));
    expect(f.found).toContain('registered to hold audit logs, not keys');
    expect(f.fix).toContain('add keys to the holds of custodian lu-custody');
  });

  it('refuses every custodian for an air-gapped site: nothing outside the enclave reaches it', () => {
    const enclave = luSite({ airGapped: true, vault: { ...luSite().vault, address: 'https://vault.custody.lu.example:8200' } });
    const [f] = RES_14.check(input({ site: enclave, custodians: [custodian()] }));
    expect(f.found).toContain('vault.custody.lu.example is outside the enclave lu-test');
    expect(f.fix).not.toContain('custodian');
  });

  it('names another site whose domain holds the Vault, and suggests sites whose Vault may hold the keys', () => {
    const other = luSite({ id: 'lu-2', domains: ['lu2.test'], vault: { ...luSite().vault, address: 'https://vault.lu2.test:8200' } });
    const site = withVault('https://vault.lu2.test:8200');
    const [f] = RES_14.check(input({ site, catalogue: [site, other] }));
    expect(f.found).toContain('(it is a host of site lu-2, LU)');
    expect(f.fix).toContain('choose another site (e.g. lu-2)');
  });
});

describe('RES-15 audit log custody', () => {
  it('refuses an audit collector abroad, and stays quiet on one at an allowed custodian of audit logs', () => {
    const [f] = RES_15.check(input({ site: withCollector('siem.logs.cloud.test:6514') }));
    expect(f).toMatchObject({ ruleId: 'RES-15', severity: 'error' });
    expect(f.found).toContain('the audit collector of site lu-test (sites.yaml vault.auditCollector: siem.logs.cloud.test:6514) holds the tenant\'s audit logs');
    expect(RES_15.check(input({ site: withCollector('siem.custody.lu.example:6514'), custodians: [custodian()] }))).toEqual([]);
  });

  it('stays quiet on a site without a collector (KEY-02 judges that)', () => {
    expect(RES_15.check(input({ site: luSite({ vault: { ...luSite().vault, auditCollector: undefined } }) }))).toEqual([]);
  });
});

describe('RES-16 state custody', () => {
  const pg = (host: string) => luSite({ stateBackend: { type: 'pg', host, port: 5432, database: 'terraform', sslmode: 'verify-full', schemaPrefix: 'govcloud_', encryptedAtRest: true } });
  const s3 = (endpoint: string) => luSite({ stateBackend: { type: 's3', endpoint, bucket: 'tfstate', region: 'lu-1', keyPrefix: 'tenants/', encryptedAtRest: true } });

  it('refuses state at a custodian of state the classification does not allow', () => {
    const abroad = custodian({ id: 'de-db', country: 'DE', operatorJurisdictions: ['DE'], domains: ['db.de.test'] });
    const [f] = RES_16.check(input({ site: pg('tf.db.de.test'), custodians: [abroad] }));
    expect(f).toMatchObject({ ruleId: 'RES-16', severity: 'error' });
    expect(f.found).toContain('the state database of site lu-test (sites.yaml stateBackend.host: tf.db.de.test)');
    expect(f.found).toContain('held by custodian de-db (State custody service; in DE; under DE law)');
    expect(f.allowed).toMatch(/^classification health allows LU; classification health allows operators under LU law only: /);
  });

  it('accepts an s3 store at an allowed custodian of state and a site that keeps state local', () => {
    expect(RES_16.check(input({ site: s3('https://objects.custody.lu.example'), custodians: [custodian()] }))).toEqual([]);
    expect(RES_16.check(input())).toEqual([]);
  });

  it('runs with the tenant rules, after the placement rules', () => {
    const findings = evaluateTenant(input({ site: luSite({ country: 'DE', stateBackend: { type: 's3', endpoint: 'https://s3.aws.test', bucket: 'b', region: 'r', keyPrefix: 't/' } }) }));
    expect(findings.map((f) => f.ruleId)).toEqual(['RES-01', 'RES-16']);
  });
});
