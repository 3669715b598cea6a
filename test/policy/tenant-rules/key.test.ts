import { evaluateTenant } from '../../../policy/tenant-rules/catalogue';
import { healthClass, luSite, sourced } from '../fixtures';
import { ids, input } from './tenant-input';

describe('KEY-02 audit devices', () => {
  it('refuses a site without a central collector when two audit devices are required', () => {
    expect(ids(input({ site: luSite({ vault: { ...luSite().vault, auditCollector: undefined } }) }))).toEqual(['KEY-02']);
  });
  it('suggests only sites with a collector that the classification allows, never one the residency rules refuse', () => {
    const noCollector = luSite({ vault: { ...luSite().vault, auditCollector: undefined } });
    const abroad = luSite({ id: 'de-with-collector', country: 'DE', operatorJurisdictions: ['DE'] });
    const home = luSite({ id: 'lu-with-collector' });
    const [f] = evaluateTenant(input({ site: noCollector, catalogue: [noCollector, abroad, home] }));
    expect(f.fix).toContain('choose another site (e.g. lu-with-collector)');
    const [alone] = evaluateTenant(input({ site: noCollector, catalogue: [noCollector, abroad] }));
    expect(alone.fix).toContain('no registered site qualifies');
  });
  it('accepts a single local device when one is required', () => {
    expect(ids(input({ site: luSite({ vault: { ...luSite().vault, auditCollector: undefined } }), classification: healthClass({ auditDevices: sourced(1) }) }))).toEqual([]);
  });
});

describe('KEY-10 audit log retention', () => {
  const vault = (over: Partial<ReturnType<typeof luSite>['vault']>) => luSite({ vault: { ...luSite().vault, auditRetentionDays: undefined, localAuditRetentionDays: undefined, ...over } });

  it('refuses a site whose collector keeps audit logs for less than the classification requires, with its sources', () => {
    const [f] = evaluateTenant(input({ site: vault({ auditRetentionDays: 365 }) }));
    expect(f).toMatchObject({ ruleId: 'KEY-10', severity: 'error', field: 'site', source: 'standard: test source' });
    expect(f.found).toBe('the audit collector of site lu-test keeps audit logs 365 days (vault.auditRetentionDays)');
    expect(f.allowed).toBe('classification health requires audit logs kept at least 1096 days');
    expect(f.fix).toContain('once site lu-test keeps them 1096 days or more, declare it in config/sites.yaml (vault.auditRetentionDays)');
  });

  it('refuses a site that declares no retention at all', () => {
    const [f] = evaluateTenant(input({ site: vault({}) }));
    expect(f).toMatchObject({ ruleId: 'KEY-10', severity: 'error' });
    expect(f.found).toBe("site lu-test declares no audit log retention (vault.auditRetentionDays for its collector, vault.localAuditRetentionDays for its Vault servers' files)");
    expect(f.source).toBe('standard: test source; policy (govcloud-tenants): docs/residency-policy.md, Retention (a site that declares no audit log retention is refused)');
  });

  it("counts the local audit files when they are kept longer than the collector's copy", () => {
    expect(ids(input({ site: vault({ auditRetentionDays: 183, localAuditRetentionDays: 1100 }) }))).toEqual([]);
  });

  it('does not count a collector retention on a site without a collector', () => {
    const site = vault({ auditCollector: undefined, auditRetentionDays: 2000 });
    expect(ids(input({ site, classification: healthClass({ auditDevices: sourced(1) }) }))).toEqual(['KEY-10']);
  });

  it('stays quiet when the site keeps them long enough, and suggests a site that does', () => {
    expect(ids(input({ site: vault({ auditRetentionDays: 1096 }) }))).toEqual([]);
    const short = luSite({ id: 'short', vault: { ...luSite().vault, auditRetentionDays: 200, localAuditRetentionDays: undefined } });
    const [f] = evaluateTenant(input({ site: short, catalogue: [short, luSite()] }));
    expect(f.fix).toContain('(e.g. lu-test)');
  });

  it('only warns where the classification marks the retention a warning', () => {
    const c = healthClass({ auditRetentionDays: { ...sourced(1096), level: 'warning' } });
    expect(evaluateTenant(input({ site: vault({ auditRetentionDays: 365 }), classification: c })).map((f) => [f.ruleId, f.severity])).toEqual([['KEY-10', 'warning']]);
  });
});
