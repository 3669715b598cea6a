import { evaluateTenant } from '../../../policy/tenant-rules/catalogue';
import { recoveryKeyGaps, recoveryPlacement } from '../../../policy/tenant-rules/avl';
import type { Site } from '../../../policy/model';
import { healthClass, luSite, sourced } from '../fixtures';
import { ids, input } from './tenant-input';

/** A second LU State site that shares the primary's key provider and receives its Vault's DR replication. */
const primary = (over: Partial<Site> = {}): Site =>
  luSite({
    vsphere: { ...luSite().vsphere, keyProviderSharedWith: ['lu-second'] },
    vault: { ...luSite().vault, replication: [{ site: 'lu-second', mode: 'disaster-recovery' }] },
    ...over,
  });
const second = (over: Partial<Site> = {}): Site =>
  luSite({ id: 'lu-second', domains: ['lu2.test'], vsphere: { ...luSite().vsphere, server: 'vcenter.lu2.test', datacenter: 'LU-DC-2' }, vault: { ...luSite().vault, address: 'https://vault.lu2.test:8200', auditCollector: 'siem.lu2.test:6514' }, ...over });
const recovering = (site: Site, p: Site = primary()) => input({ site: p, recovery: { site, mode: 'warm' }, catalogue: [p, second()] });
const requiring = healthClass({ availability: { spread: sourced(true), recoveryRequired: sourced(true), recoveryDistance: sourced('another-site' as const) } });

describe('recovery site judged by every rule of the classification', () => {
  it('accepts a second site in LU that shares the key provider and receives the Vault replication', () => {
    expect(ids(recovering(second()))).toEqual([]);
  });

  it('refuses a recovery site abroad with the residency rule id, naming the recovery site and the replica', () => {
    const abroad = second({ country: 'DE', operatorJurisdictions: ['DE'] });
    const findings = evaluateTenant(recovering(abroad));
    const res01 = findings.find((f) => f.ruleId === 'RES-01')!;
    expect(res01).toMatchObject({ severity: 'error', field: 'recovery.site' });
    expect(res01.found).toBe('recovery site lu-second: site lu-second is in DE (the replica at the recovery site breaks this rule)');
    expect(findings.map((f) => f.ruleId)).toEqual(['RES-01', 'RES-10']);
  });

  it('reports a finding the primary shares only once, at the primary', () => {
    const noRotation = { rotationDays: 0, deletionAllowed: false };
    const findings = evaluateTenant({ ...recovering(second()), keys: noRotation });
    expect(findings.filter((f) => f.ruleId === 'ENC-07').map((f) => f.field)).toEqual(['keys.rotationDays']);
  });

  it('judges nothing about recovery where the caller does not say what the tenant declares', () => {
    expect(ids(input({ classification: requiring }))).toEqual([]);
  });
});

describe('AVL-03 recovery site required', () => {
  it('refuses a tenant without a recovery site where the classification requires one, suggesting a site', () => {
    const [f] = evaluateTenant(input({ classification: requiring, recovery: null, site: primary(), catalogue: [primary(), second()] }));
    expect(f).toMatchObject({ ruleId: 'AVL-03', field: 'recovery', source: 'standard: test source' });
    expect(f.fix).toContain('e.g. lu-second');
  });
  it('is quiet where the classification does not require one', () => {
    expect(ids(input({ recovery: null }))).toEqual([]);
  });
});

describe('AVL-04 recovery distance', () => {
  it("refuses the tenant's own site as its recovery site", () => {
    const [f] = evaluateTenant(recovering(primary()));
    expect(f.ruleId).toBe('AVL-04');
    expect(f.found).toBe("recovery site lu-test: it is the tenant's own site: the replica would be lost with the primary");
  });
  it("refuses a site of the same operator where the classification asks for another operator's", () => {
    const cls = healthClass({ availability: { recoveryDistance: sourced('another-operator' as const) } });
    expect(ids({ ...recovering(second()), classification: cls })).toEqual(['AVL-04']);
    expect(ids({ ...recovering(second({ operator: 'Other operator' })), classification: cls })).toEqual([]);
  });
});

describe('AVL-05 keys at the recovery site', () => {
  it('refuses a site without the key provider, and says why', () => {
    const [f] = evaluateTenant(recovering(second(), primary({ vsphere: { ...luSite().vsphere, keyProviderSharedWith: [] } })));
    expect(f.ruleId).toBe('AVL-05');
    expect(f.found).toContain('is not shared with key provider "native" of site lu-test');
  });
  it('refuses a site the Vault does not replicate to, and a primary on community Vault or OpenBao', () => {
    expect(recoveryKeyGaps(primary({ vault: { ...luSite().vault, replication: [] } }), second())).toEqual([
      "the Vault of site lu-test does not replicate to the Vault of site lu-second (vault.replication): the tenant's transit keys are not there",
    ]);
    expect(recoveryKeyGaps(primary({ vault: { ...luSite().vault, edition: 'openbao', replication: undefined } }), second())[0]).toContain('OpenBao, which has no replication');
  });
  it('accepts a key provider shared from either side', () => {
    const p = primary({ vsphere: { ...luSite().vsphere, keyProviderSharedWith: [] } });
    expect(recoveryKeyGaps(p, second({ vsphere: { ...second().vsphere, keyProviderSharedWith: ['lu-test'] } }))).toEqual([]);
  });
});

describe('AVL-02 spread opt-out', () => {
  const vms = [{ name: 'app', count: 3, cpus: 2, memoryMb: 4096, diskGb: 40, dataDisksGb: [], template: 'rhel9', spread: { disabled: true as const, reason: 'licensed to one host' } }];
  it('refuses an opt-out where the classification demands spread', () => {
    const [f] = evaluateTenant(input({ classification: requiring, vms, recovery: { site: second(), mode: 'cold' }, site: primary(), catalogue: [primary(), second()] }));
    expect(f).toMatchObject({ ruleId: 'AVL-02', field: 'vms[0].spread' });
  });
  it('accepts it elsewhere', () => {
    expect(ids(input({ vms }))).toEqual([]);
  });
});

describe('recoveryPlacement', () => {
  it('says null for no recovery, the site for a known one, undefined for an unknown one', () => {
    expect(recoveryPlacement(undefined, [])).toBeNull();
    expect(recoveryPlacement({ site: 'lu-second', mode: 'cold' }, [second()])).toEqual({ site: second(), mode: 'cold' });
    expect(recoveryPlacement({ site: 'nowhere', mode: 'cold' }, [second()])).toBeUndefined();
  });
});
