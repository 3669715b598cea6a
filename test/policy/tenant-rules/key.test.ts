import { healthClass, luSite, sourced } from '../fixtures';
import { ids, input } from './tenant-input';

describe('KEY-02 audit devices', () => {
  it('refuses a site without a central collector when two audit devices are required', () => {
    expect(ids(input({ site: luSite({ vault: { ...luSite().vault, auditCollector: undefined } }) }))).toEqual(['KEY-02']);
  });
  it('accepts a single local device when one is required', () => {
    expect(ids(input({ site: luSite({ vault: { ...luSite().vault, auditCollector: undefined } }), classification: healthClass({ auditDevices: sourced(1) }) }))).toEqual([]);
  });
});
