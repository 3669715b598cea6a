import { evaluateTenant } from '../../../policy/tenant-rules/catalogue';
import { healthClass, luSite, sourced } from '../fixtures';
import { ids, input } from './tenant-input';

describe('RES-01 country', () => {
  it('refuses a site in a country the classification does not allow, with the classification source', () => {
    const [f] = evaluateTenant(input({ site: luSite({ country: 'DE' }) }));
    expect(f).toMatchObject({ ruleId: 'RES-01', severity: 'error', field: 'site', tenant: 't1', source: 'standard: test source' });
    expect(f.found).toContain('is in DE');
    expect(f.allowed).toContain('LU');
  });
  it('stays quiet for an allowed country', () => {
    expect(ids(input({ classification: healthClass({ countries: sourced(['LU', 'DE']) }), site: luSite({ country: 'DE' }) }))).not.toContain('RES-01');
  });
  it('names allowed sites of the catalogue in its fix, never the refused one', () => {
    const de = luSite({ id: 'de-1', country: 'DE' });
    const lu2 = luSite({ id: 'lu-2' });
    const [f] = evaluateTenant(input({ site: de, catalogue: [de, lu2, luSite({ id: 'fr-1', country: 'FR' })] }));
    expect(f.fix).toContain('lu-2');
    expect(f.fix).not.toContain('de-1');
    expect(f.fix).not.toContain('fr-1');
  });
});

describe('RES-04 EU establishment and control', () => {
  it('refuses an operator that is not EU-controlled', () => {
    expect(ids(input({ site: luSite({ euControlled: false }) }))).toEqual(['RES-04']);
  });
  it('refuses an operator that is not EU-established', () => {
    expect(ids(input({ site: luSite({ euEstablished: false }) }))).toEqual(['RES-04']);
  });
  it('stays quiet when the classification does not require EU control', () => {
    expect(ids(input({ site: luSite({ euControlled: false }), classification: healthClass({ euControlled: sourced(false) }) }))).toEqual([]);
  });
});

describe('RES-10 operator jurisdictions', () => {
  it('refuses an operator a foreign law can compel, naming that jurisdiction', () => {
    const [f] = evaluateTenant(input({ site: luSite({ operatorJurisdictions: ['LU', 'US'] }) }));
    expect(f.ruleId).toBe('RES-10');
    expect(f.found).toContain('US');
    expect(f.found).not.toContain('LU,');
  });
  it('stays quiet when every jurisdiction is allowed', () => {
    expect(ids(input({ classification: healthClass({ operatorJurisdictions: sourced(['LU', 'US']) }), site: luSite({ operatorJurisdictions: ['US'] }) }))).toEqual([]);
  });
});

describe('RES-11 air gap', () => {
  it('refuses a connected site for an air-gapped classification', () => {
    expect(ids(input({ classification: healthClass({ airGapped: sourced(true) }) }))).toEqual(['RES-11']);
  });
  it('accepts an air-gapped site for it', () => {
    expect(ids(input({ classification: healthClass({ airGapped: sourced(true) }), site: luSite({ airGapped: true }) }))).toEqual([]);
  });
});

describe('RES-12 certifications', () => {
  it('refuses a site missing a required certification', () => {
    const [f] = evaluateTenant(input({ site: luSite({ certifications: ['SecNumCloud-3.2'] }) }));
    expect(f.ruleId).toBe('RES-12');
    expect(f.found).toContain('ISO27001');
  });
  it('refuses a site holding none of the alternatives', () => {
    const [f] = evaluateTenant(input({ site: luSite({ certifications: ['ISO27001'] }) }));
    expect(f.ruleId).toBe('RES-12');
    expect(f.allowed).toContain('one of SecNumCloud-3.2, HDS-2024');
  });
  it('accepts any one of the alternatives', () => {
    expect(ids(input({ site: luSite({ certifications: ['ISO27001', 'HDS-2024'] }) }))).toEqual([]);
  });
});

describe('RES-13 tier', () => {
  it('refuses a site below the minimum tier', () => {
    expect(ids(input({ site: luSite({ tier: 'III' }) }))).toEqual(['RES-13']);
  });
  it('refuses an unrated site when a tier is required', () => {
    expect(ids(input({ site: luSite({ tier: undefined }) }))).toEqual(['RES-13']);
  });
  it('stays quiet when the classification sets no tier', () => {
    expect(ids(input({ site: luSite({ tier: undefined }), classification: healthClass({ minimumTier: undefined }) }))).toEqual([]);
  });
});
