import { healthClass, luSite, sourced } from '../fixtures';
import { evaluateTenant } from '../../../policy/tenant-rules/catalogue';
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
