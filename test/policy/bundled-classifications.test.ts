import { loadConfig } from '../../loader/load-config';
import type { Site } from '../../policy/model';
import { evaluateTenant } from '../../policy/tenant-rules/catalogue';
import { placementIssues } from '../../policy/tenant-rules/res';
import { luSite } from './fixtures';

/**
 * The bundled policy (config/classifications.yaml on config/sites.yaml) on what issue 12 saw refused or allowed
 * wrongly, case by case; each of these failed on the policy as it was.
 */
const config = loadConfig('config');
const cls = (id: string) => config.classifications.get(id)!;
const errorIds = (site: Site, classification: string) => placementIssues(site, cls(classification)).filter((i) => i.severity === 'error').map((i) => i.ruleId);

describe('(1) research data in Luxembourg datacentres', () => {
  it('allows health research on the LuxConnect colocation site: the BSI C5 / SecNumCloud demand is for German clouds only', () => {
    expect(errorIds(config.sites.get('lu-colo-1')!, 'health-research')).toEqual([]);
  });

  it('still refuses a German cloud with neither BSI C5 nor SecNumCloud, naming the condition and its sources', () => {
    const site = { ...config.sites.get('research-de-1')!, certifications: ['ISO27001'] };
    const [issue] = placementIssues(site, cls('health-research'));
    expect(issue).toMatchObject({ ruleId: 'RES-12', severity: 'error', constraint: 'certificationsAnyOf', when: { countries: ['DE'] } });
    expect(issue.allowed).toBe('classification health-research, for sites in DE, requires one of BSI-C5, SecNumCloud-3.2');
    expect(issue.sources.map((s) => s.kind)).toEqual(['policy', 'standard', 'law']);
  });
});

describe("(2) hospitals' and social-security institutions' own Luxembourg datacentres", () => {
  // A Luxembourg datacentre with no certificate and no tier rating: what a hospital's own often is.
  const own = (operatorType: Site['operatorType']) => luSite({ id: 'own-dc', operatorType, certifications: [], tier: undefined });

  it('allows health data in a hospital\'s own datacentre with no certificate and no tier, with a warning for the tier', () => {
    const issues = placementIssues(own('healthcare'), cls('health'));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues.map((i) => [i.ruleId, i.severity])).toEqual([['RES-13', 'warning']]);
  });

  it("allows social-security data in a social-security institution's own datacentre with no certificate and no tier", () => {
    expect(placementIssues(own('social-security'), cls('social-security'))).toEqual([]);
  });

  it('claims no SecNumCloud qualification and no Tier IV certificate for the example GovCloud site, which no public source gives it', () => {
    expect(config.sites.get('ctie-govcloud-1')!.certifications).not.toContain('SecNumCloud-3.2');
    expect(config.sites.get('ctie-govcloud-1')!.certifications).not.toContain('Tier-IV');
  });
});

describe('(3) Clarence, recorded honestly', () => {
  const clarence = config.sites.get('lu-enclave-1')!;

  it('records Clarence as the joint venture it is, answering to Luxembourg and Belgian law', () => {
    expect(clarence.operatorJurisdictions).toEqual(['LU', 'BE']);
    expect(clarence.owners?.map((o) => [o.name, o.country])).toEqual([
      ['LuxConnect S.A.', 'LU'],
      ['Proximus SA', 'BE'],
    ]);
  });

  it('allows air-gapped classified data at Clarence, as the seed presents it', () => {
    expect(evaluateTenant({ tenant: 'probe', site: clarence, classification: cls('classified') })).toEqual([]);
  });

  it('still refuses an air-gapped site whose operator a non-EU law can compel', () => {
    expect(errorIds({ ...clarence, operatorJurisdictions: ['LU', 'US'] }, 'classified')).toEqual(['RES-10']);
  });
});

describe('(4) the sensitive data of hospitals and social security', () => {
  it('places the example IGSS tenant under a Luxembourg-only classification', () => {
    const igss = config.tenants.find((t) => t.spec.name === 'igss-analytics')!;
    expect(igss.spec.classification).toBe('social-security');
    expect(cls('social-security').countries.value).toEqual(['LU']);
  });

  it('refuses social-security data at every site outside Luxembourg', () => {
    const abroad = [...config.sites.values()].filter((s) => s.country !== 'LU');
    expect(abroad.length).toBeGreaterThan(0);
    for (const s of abroad) expect(errorIds(s, 'social-security')).toContain('RES-01');
  });

  it('no longer names IGSS or the Direction de la santé among the personal data that may go anywhere in the EU/EEA', () => {
    expect(cls('personal').description).not.toMatch(/IGSS|Direction de la sant/);
  });
});

describe('(8) policy choices said as what they are', () => {
  it('cites no EHDS article as allowing a Member State to keep health data in Luxembourg: GDPR art. 9(4) and the Government\'s answer do', () => {
    const countries = cls('health').countries.source;
    expect(countries.map((s) => s.cite).join(' ')).not.toContain('EHDS');
    expect(countries).toContainEqual(expect.objectContaining({ kind: 'law', cite: expect.stringContaining('GDPR art. 9(4)') }));
    expect(countries).toContainEqual(expect.objectContaining({ kind: 'policy', by: 'Government of Luxembourg', cite: expect.stringContaining('PQ 3639') }));
  });

  it('says whose policy warningsAreErrors is, never an internal brief', () => {
    for (const c of config.classifications.values()) {
      for (const s of c.warningsAreErrors?.source ?? []) {
        expect(s).toMatchObject({ kind: 'policy', by: 'govcloud-tenants' });
        expect(s.cite).not.toMatch(/brief/i);
      }
    }
  });

  it('gives every policy source of every constraint its owner, and cites no internal brief anywhere', () => {
    for (const c of config.classifications.values()) {
      const constraints = [c, ...(c.conditions ?? [])].flatMap((x) => Object.values(x).filter((v): v is { source: { kind: string; cite: string; by?: string }[] } => typeof v === 'object' && v !== null && 'source' in v));
      for (const { source } of constraints) {
        for (const s of source) {
          if (s.kind === 'policy') expect(s.by).toMatch(/^(Government of Luxembourg|govcloud-tenants)$/);
          expect(s.cite).not.toMatch(/brief|S\d\b/);
        }
      }
    }
  });
});
