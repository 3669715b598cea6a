import { loadConfig } from '../../../loader/load-config';
import { errorsOf, evaluateTenant } from '../../../policy';

/**
 * The bundled catalogue's verdicts, site by classification: the rules that refuse each pair, or [] where the
 * pair is allowed. This is the national policy in one table; a change to sites.yaml or classifications.yaml
 * that moves a verdict must change this table too, on purpose.
 */
const VERDICTS: Record<string, Record<string, string[]>> = {
  'ctie-govcloud-1': { public: [], internal: [], personal: [], health: [], 'social-security': [], 'health-research': [], classified: ['RES-11', 'RES-12'] },
  // The second State datacentre, the shared care record's recovery site: the same facts as the first.
  'ctie-govcloud-2': { public: [], internal: [], personal: [], health: [], 'social-security': [], 'health-research': [], classified: ['RES-11', 'RES-12'] },
  // The colocation site has no central audit collector: its Vault gives a tenant one audit device (KEY-02), and its
  // servers keep their own audit files 400 days, fewer than health's 1096 (KEY-10).
  'lu-colo-1': {
    public: [],
    internal: [],
    personal: [],
    health: ['KEY-02', 'KEY-10'],
    'social-security': ['KEY-02'],
    'health-research': ['KEY-02'],
    classified: ['RES-11', 'RES-12', 'KEY-02'],
  },
  // Clarence answers to Luxembourg and Belgian law (its owners' seats): EU law, but not Luxembourg's only; its
  // collector keeps audit logs 730 days.
  'lu-enclave-1': { public: [], internal: [], personal: [], health: ['RES-10', 'KEY-10'], 'social-security': ['RES-10'], 'health-research': ['RES-10'], classified: [] },
  'research-de-1': {
    public: [],
    internal: [],
    personal: [],
    health: ['RES-01', 'RES-10', 'KEY-10'],
    'social-security': ['RES-01', 'RES-10'],
    'health-research': [],
    classified: ['RES-01', 'RES-11', 'RES-12'],
  },
  // The University's collector keeps audit logs a year (366 days): enough for research data, not for health's three.
  'university-lu-1': { public: [], internal: [], personal: [], health: ['KEY-10'], 'social-security': [], 'health-research': [], classified: ['RES-11', 'RES-12'] },
  'hospital-dc-1': { public: [], internal: [], personal: [], health: [], 'social-security': [], 'health-research': [], classified: ['RES-11', 'RES-12'] },
  'social-security-dc-1': { public: [], internal: [], personal: [], health: [], 'social-security': [], 'health-research': [], classified: ['RES-11', 'RES-12'] },
  'hyperscaler-eu-west': {
    public: [],
    internal: ['RES-04', 'RES-10'],
    personal: ['RES-04', 'RES-10'],
    health: ['RES-01', 'RES-04', 'RES-10', 'KEY-10'],
    'social-security': ['RES-01', 'RES-04', 'RES-10'],
    'health-research': ['RES-01', 'RES-04', 'RES-10', 'KEY-10'],
    classified: ['RES-01', 'RES-04', 'RES-10', 'RES-11', 'RES-12'],
  },
};

const config = loadConfig('config');
const rows = Object.entries(VERDICTS).flatMap(([site, byClass]) => Object.entries(byClass).map(([cls, rules]) => [site, cls, rules] as const));

describe('residency verdicts of the bundled catalogue', () => {
  it('covers every site and classification of the catalogue', () => {
    expect(Object.keys(VERDICTS).sort()).toEqual([...config.sites.keys()].sort());
    for (const byClass of Object.values(VERDICTS)) expect(Object.keys(byClass).sort()).toEqual([...config.classifications.keys()].sort());
  });

  it.each(rows)('%s for %s data: %j', (site, cls, rules) => {
    const findings = evaluateTenant({ tenant: 'probe', site: config.sites.get(site)!, classification: config.classifications.get(cls)! });
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).toEqual(rules);
  });

  it('keeps health and social-security data in Luxembourg only, on operators under Luxembourg law only', () => {
    const expected: Record<string, string[]> = {
      health: ['ctie-govcloud-1', 'hospital-dc-1', 'social-security-dc-1', 'ctie-govcloud-2'],
      'social-security': ['ctie-govcloud-1', 'university-lu-1', 'hospital-dc-1', 'social-security-dc-1', 'ctie-govcloud-2'],
    };
    for (const id of ['health', 'social-security']) {
      const allowed = [...config.sites.values()].filter((s) => errorsOf(evaluateTenant({ tenant: 'p', site: s, classification: config.classifications.get(id)! })).length === 0);
      expect(allowed.map((s) => s.id)).toEqual(expected[id]);
      for (const s of allowed) expect([s.country, ...s.operatorJurisdictions]).toEqual(['LU', 'LU']);
    }
  });

  it('allows health research in Luxembourg or Germany only', () => {
    const allowed = [...config.sites.values()].filter((s) => errorsOf(evaluateTenant({ tenant: 'p', site: s, classification: config.classifications.get('health-research')! })).length === 0);
    expect(new Set(allowed.map((s) => s.country))).toEqual(new Set(['LU', 'DE']));
  });

  it('refuses every class but public on the EU region of a US-owned provider', () => {
    const site = config.sites.get('hyperscaler-eu-west')!;
    const allowed = [...config.classifications.values()].filter((c) => errorsOf(evaluateTenant({ tenant: 'p', site, classification: c })).length === 0);
    expect(allowed.map((c) => c.id)).toEqual(['public']);
  });
});
