import { evaluateTenant, TENANT_RULES, type TenantPolicyInput } from '../../policy';
import { healthClass, luSite, sourced } from './fixtures';

const keys = { rotationDays: 90, deletionAllowed: false };
const input = (over: Partial<TenantPolicyInput> = {}): TenantPolicyInput => ({
  tenant: 't1',
  site: luSite(),
  classification: healthClass(),
  keys,
  ...over,
});
const ids = (i: TenantPolicyInput) => evaluateTenant(i).map((f) => f.ruleId);

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
      expect(r.source.length).toBeGreaterThan(3);
    }
  });

  describe('RES-01 country', () => {
    it('refuses a site in a country the classification does not allow, with the classification source', () => {
      const [f] = evaluateTenant(input({ site: luSite({ country: 'DE' }) }));
      expect(f).toMatchObject({ ruleId: 'RES-01', severity: 'error', field: 'site', tenant: 't1', source: 'test source' });
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

  describe('ENC-01 encryption policy', () => {
    const noPolicy = () => luSite({ vsphere: { ...luSite().vsphere, encryptionPolicy: undefined } });
    it('refuses a site without an encryption storage policy', () => {
      const [f] = evaluateTenant(input({ site: noPolicy() }));
      expect(f.ruleId).toBe('ENC-01');
      expect(f.fix).toContain('vsphere.encryptionPolicy');
    });
    it('stays quiet when the site has one', () => {
      expect(ids(input())).not.toContain('ENC-01');
    });
  });

  describe('ENC-04 key provider for vTPM', () => {
    it('refuses a site without a key provider', () => {
      expect(ids(input({ site: luSite({ vsphere: { ...luSite().vsphere, keyProvider: undefined } }) }))).toEqual(['ENC-04']);
    });
  });

  describe('ENC-06 key deletion', () => {
    it('refuses a deletable key for a classification that forbids it, on the keys field', () => {
      const [f] = evaluateTenant(input({ keys: { ...keys, deletionAllowed: true } }));
      expect(f).toMatchObject({ ruleId: 'ENC-06', field: 'keys.deletionAllowed', severity: 'error' });
    });
    it('allows a deletable key where the classification allows it', () => {
      expect(ids(input({ keys: { ...keys, deletionAllowed: true }, classification: healthClass({ keyDeletionAllowed: sourced(true) }) }))).toEqual([]);
    });
  });

  describe('ENC-07 rotation', () => {
    it('warns, without refusing, on a key that never rotates', () => {
      const [f] = evaluateTenant(input({ keys: { ...keys, rotationDays: 0 } }));
      expect(f).toMatchObject({ ruleId: 'ENC-07', severity: 'warning', field: 'keys.rotationDays' });
    });
    it('stays quiet on a rotating key', () => {
      expect(ids(input({ keys: { ...keys, rotationDays: 1 } }))).toEqual([]);
    });
  });

  describe('KEY-02 audit devices', () => {
    it('refuses a site without a central collector when two audit devices are required', () => {
      expect(ids(input({ site: luSite({ vault: { ...luSite().vault, auditCollector: undefined } }) }))).toEqual(['KEY-02']);
    });
    it('accepts a single local device when one is required', () => {
      expect(ids(input({ site: luSite({ vault: { ...luSite().vault, auditCollector: undefined } }), classification: healthClass({ auditDevices: sourced(1) }) }))).toEqual([]);
    });
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
