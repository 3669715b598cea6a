import { evaluateTenant, TENANT_RULES } from '../../../policy/tenant-rules/catalogue';
import { luSite } from '../fixtures';
import { ids, input } from './tenant-input';

describe('tenant rule catalogue', () => {
  it('accepts a health tenant on a Luxembourg State site with every control', () => {
    expect(evaluateTenant(input())).toEqual([]);
  });

  it('gives every rule a unique id, a title, a rationale and a source', () => {
    const seen = new Set<string>();
    for (const r of TENANT_RULES) {
      expect(r.id).toMatch(/^[A-Z]{3}-\d{2}$/);
      expect(seen.has(r.id)).toBe(false);
      seen.add(r.id);
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.rationale.length).toBeGreaterThan(10);
      expect(r.sources.length).toBeGreaterThan(0);
      for (const src of r.sources) expect(src.cite.length).toBeGreaterThan(3);
    }
  });

  it('reports every violation at once, not only the first', () => {
    const site = luSite({ country: 'IE', operatorJurisdictions: ['IE', 'US'], euControlled: false, tier: 'III' });
    expect(ids(input({ site, keys: { rotationDays: 0, deletionAllowed: true } }))).toEqual(['RES-01', 'RES-04', 'RES-10', 'RES-13', 'ENC-06', 'ENC-07']);
  });

  it('runs only placement rules and the concerns asked for', () => {
    const i = input({ site: luSite({ country: 'DE', vault: { ...luSite().vault, auditCollector: undefined } }) });
    expect(evaluateTenant(i, ['compute']).map((f) => f.ruleId)).toEqual(['RES-01']);
    expect(evaluateTenant(i, ['keys']).map((f) => f.ruleId)).toEqual(['RES-01', 'KEY-02']);
  });
});
