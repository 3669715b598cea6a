import { loadConfig } from '../../../loader/load-config';
import { tenantReach } from '../../../policy/tenant-rules/net';
import { verdictOf, whereClassification, whereTenant } from '../../../policy/tenant-rules/site-verdicts';

const config = loadConfig('config');
const catalogue = [...config.sites.values()];
const verdicts = (report: ReturnType<typeof whereClassification>) => Object.fromEntries(report.sites.map((s) => [s.site.id, s.verdict]));

describe('verdictOf', () => {
  it('refuses on any error, allows with warnings on warnings alone, and allows on nothing', () => {
    expect(verdictOf(['warning', 'error'])).toBe('refused');
    expect(verdictOf(['warning'])).toBe('allowed-with-warnings');
    expect(verdictOf([])).toBe('allowed');
  });
});

describe('where data of a classification may go', () => {
  it('judges every site of the catalogue, in catalogue order', () => {
    const report = whereClassification(config.classifications.get('health-research')!, catalogue);
    expect(report.sites.map((s) => s.site.id)).toEqual(catalogue.map((s) => s.id));
    expect(report.tenant).toBeUndefined();
  });

  it('gives research data Luxembourg and Germany, and says why each other site is refused', () => {
    const report = whereClassification(config.classifications.get('health-research')!, catalogue);
    expect(verdicts(report)).toEqual({
      'ctie-govcloud-1': 'allowed',
      'lu-colo-1': 'refused',
      'lu-enclave-1': 'refused',
      'research-de-1': 'allowed',
      'university-lu-1': 'allowed-with-warnings',
      'hospital-dc-1': 'allowed-with-warnings',
      'social-security-dc-1': 'allowed-with-warnings',
      'hyperscaler-eu-west': 'refused',
      'ctie-govcloud-2': 'allowed',
    });
    const colo = report.sites.find((s) => s.site.id === 'lu-colo-1')!;
    // The policy allows LuxConnect; what the example site lacks is a central audit collector.
    expect(colo.policyVerdict).toBe('allowed');
    expect(colo.siteFindings.map((f) => f.ruleId)).toEqual(['KEY-02']);
    const clarence = report.sites.find((s) => s.site.id === 'lu-enclave-1')!;
    expect(clarence.issues.map((i) => [i.ruleId, i.constraint, i.found])).toEqual([
      ['RES-10', 'operatorJurisdictions', 'operator Clarence (joint venture of LuxConnect S.A. and Proximus SA) of site lu-enclave-1 answers to BE law'],
    ]);
  });

  it('names the condition and its tagged sources when a condition refuses a site', () => {
    const germanWithoutC5 = { ...config.sites.get('research-de-1')!, id: 'de-no-c5', certifications: ['ISO27001'] };
    const report = whereClassification(config.classifications.get('health-research')!, [germanWithoutC5]);
    const [issue] = report.sites[0].issues;
    expect(report.sites[0].verdict).toBe('refused');
    expect(issue).toMatchObject({ ruleId: 'RES-12', when: { countries: ['DE'] }, allowed: 'classification health-research, for sites in DE, requires one of BSI-C5, SecNumCloud-3.2' });
    expect(issue.sources.map((s) => s.kind)).toEqual(['policy', 'standard', 'law']);
  });
});

describe('where a tenant may go', () => {
  const spec = config.tenants.find((t) => t.spec.name === 'dsp-ng')!.spec;
  const report = whereTenant(
    { tenant: spec.name, site: config.sites.get(spec.site)!, classification: config.classifications.get(spec.classification)!, keys: spec.keys, reach: tenantReach(spec) },
    catalogue,
  );

  it('marks the tenant’s current site and names the tenant', () => {
    expect(report.tenant).toEqual({ name: 'dsp-ng', site: 'ctie-govcloud-1' });
    expect(report.sites.filter((s) => s.current).map((s) => s.site.id)).toEqual(['ctie-govcloud-1']);
    expect(report.sites.find((s) => s.current)!.verdict).toBe('allowed');
  });

  it('refuses the sites its classification refuses, as for the classification alone', () => {
    const byClass = verdicts(whereClassification(config.classifications.get('health')!, catalogue));
    for (const s of report.sites) if (byClass[s.site.id] === 'refused') expect(s.verdict).toBe('refused');
  });

  it('judges what the tenant declares at each site: the enclave tenant’s DNS, NTP and domain are out of reach elsewhere', () => {
    const enclave = config.tenants.find((t) => t.spec.name === 'enclave-analytics')!.spec;
    const moved = whereTenant(
      { tenant: enclave.name, site: config.sites.get(enclave.site)!, classification: config.classifications.get(enclave.classification)!, keys: enclave.keys, reach: tenantReach(enclave) },
      catalogue,
    );
    const at = (id: string) => moved.sites.find((s) => s.site.id === id)!;
    expect(at('lu-enclave-1')).toMatchObject({ current: true, verdict: 'allowed', siteFindings: [] });
    expect([...new Set(at('hospital-dc-1').siteFindings.map((f) => f.ruleId))]).toEqual(['NET-01', 'NET-07']);
    expect(at('hospital-dc-1').siteFindings.find((f) => f.field === 'guest.domain')!.found).toBe('guest.domain analytics.enclave.internal is not under the enclave\'s domains');
  });
});

describe('where, with keys held by a registered custodian', () => {
  it('judges the custodian like a site: a GovCloud site whose Vault is the State custody service stays allowed for health', () => {
    const ctie = config.sites.get('ctie-govcloud-1')!;
    const atCustodian = { ...ctie, vault: { ...ctie.vault, address: 'https://vault.custody.etat.lu.example:8200' } };
    const custodians = [...config.custodians.values()];
    const [judged] = whereClassification(config.classifications.get('health')!, [atCustodian], custodians).sites;
    expect(judged.siteFindings.map((f) => f.ruleId)).toEqual([]);
    expect(judged.verdict).toBe('allowed');
    // Without the registered custodian, the same Vault is a host of no one's: RES-14 refuses it.
    expect(whereClassification(config.classifications.get('health')!, [atCustodian]).sites[0].siteFindings.map((f) => f.ruleId)).toEqual(['RES-14']);
  });
});
