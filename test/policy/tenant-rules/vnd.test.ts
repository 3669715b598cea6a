import { loadConfig } from '../../../loader/load-config';
import { evaluateTenant } from '../../../policy/tenant-rules/catalogue';
import type { ComponentCatalogue } from '../../../policy/model';
import { healthClass, luSite, sourced } from '../fixtures';
import { input } from './tenant-input';

/** The bundled components catalogue: Vault Enterprise of HashiCorp (an IBM company, US), OpenBao under MPL-2.0, vSphere of Broadcom. */
const bundled = loadConfig('config').components!;
const vnd = (i: Parameters<typeof evaluateTenant>[0]) => evaluateTenant(i).filter((f) => f.ruleId.startsWith('VND-'));
const askingCustodian = healthClass({ openOrEuKeyCustodian: sourced(true) });
const enterpriseSite = luSite({ vault: { ...luSite().vault, edition: 'enterprise' } });
const openbaoSite = luSite({ vault: { ...luSite().vault, edition: 'openbao' } });

describe('VND-01 (key custodian under an open licence or from an EU vendor)', () => {
  it('refuses a tenant whose only key custodian is Vault Enterprise, of a single US vendor, where the classification asks', () => {
    const findings = vnd(input({ site: enterpriseSite, classification: askingCustodian, components: bundled }));
    expect(findings.map((f) => `${f.severity} ${f.ruleId}`)).toEqual(['error VND-01']);
    expect(findings[0].found).toContain('HashiCorp Vault Enterprise (HashiCorp, an IBM company; US; licence proprietary)');
    expect(findings[0].fix).toContain('recorded alternatives: OpenBao 2.3 and later');
    expect(findings[0].fix).not.toContain('community edition');
    expect(findings[0].source).toBe('standard: test source');
  });

  it('stays quiet on OpenBao (MPL-2.0), whatever its project\'s jurisdictions', () => {
    expect(vnd(input({ site: openbaoSite, classification: askingCustodian, components: bundled }))).toEqual([]);
  });

  it('refuses Vault community too: BUSL-1.1 is not an open-source licence', () => {
    const site = luSite({ vault: { ...luSite().vault, edition: 'community' } });
    expect(vnd(input({ site, classification: askingCustodian, components: bundled }))[0].found).toContain('licence BUSL-1.1');
  });

  it('accepts a proprietary custodian from a vendor under EU law only', () => {
    const euVendor: ComponentCatalogue = { ...bundled, vendors: new Map([...bundled.vendors, ['hashicorp', { ...bundled.vendors.get('hashicorp')!, jurisdictions: ['LU'] }]]) };
    expect(vnd(input({ site: enterpriseSite, classification: askingCustodian, components: euVendor }))).toEqual([]);
  });

  it('asks nothing of a classification that does not declare it, or without a catalogue', () => {
    expect(vnd(input({ site: enterpriseSite, components: bundled }))).toEqual([]);
    expect(vnd(input({ site: enterpriseSite, classification: askingCustodian }))).toEqual([]);
  });

  it('reports only when the classification says warning', () => {
    const warning = healthClass({ openOrEuKeyCustodian: { ...sourced(true), level: 'warning' } });
    expect(vnd(input({ site: enterpriseSite, classification: warning, components: bundled })).map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('VND-02 (single non-EU vendor with no alternative recorded)', () => {
  const asking = healthClass({ singleVendorWarning: sourced(true) });

  it('warns of vSphere, of Broadcom (US), proprietary and with no alternative recorded, and of nothing that has one', () => {
    const findings = vnd(input({ site: enterpriseSite, classification: asking, components: bundled }));
    expect(findings.map((f) => `${f.severity} ${f.ruleId}`)).toEqual(['warning VND-02']);
    expect(findings[0].found).toContain('VMware vSphere 8 and vCenter (Broadcom Inc. (VMware by Broadcom); US; licence proprietary), hypervisor of site lu-test');
  });

  it('is quiet once an alternative is recorded', () => {
    const vsphere = bundled.components.get('vsphere-8')!;
    const withExit: ComponentCatalogue = {
      ...bundled,
      components: new Map([...bundled.components, ['vsphere-8', { ...vsphere, alternatives: [{ component: 'openbao', toolkitSupport: 'no', note: 'test' }] }]]),
    };
    expect(vnd(input({ site: enterpriseSite, classification: asking, components: withExit }))).toEqual([]);
  });

  it('asks nothing of a classification that does not declare it', () => {
    expect(vnd(input({ site: enterpriseSite, components: bundled }))).toEqual([]);
  });
});
