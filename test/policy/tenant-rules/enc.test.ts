import { evaluateTenant } from '../../../policy/tenant-rules/catalogue';
import { healthClass, luSite, sourced } from '../fixtures';
import { ids, input, keys } from './tenant-input';

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
