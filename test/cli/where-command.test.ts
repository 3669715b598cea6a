import { govcloudInProcess } from './run-govcloud';

/** `govcloud where` as an engineer runs it, before writing a tenant or when moving one. */
describe('govcloud where', () => {
  it('lists every site with its verdict for a classification, each refusal with its rule, condition and tagged sources', async () => {
    const r = await govcloudInProcess(['where', 'health-research']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^classification health-research: /);
    expect(lines[1]).toBe('9 sites: 3 allowed, 3 allowed with warnings, 3 refused');
    expect(lines).toContain('site research-de-1 (DE, Forschungscloud GmbH, commercial): allowed');
    expect(lines).toContain("site lu-colo-1 (LU, LuxConnect S.A., state-owned): refused (the classification allows it; what the site provides fails KEY-02)");
    expect(r.stdout).toContain(
      'error RES-10 (operatorJurisdictions): operator Hyperscaler Ireland Ltd (subsidiary of a US parent) of site hyperscaler-eu-west answers to IE, US law; allowed: classification health-research allows operators under LU, DE law only [policy (Government of Luxembourg): PQ 3639 ¶1, ¶6',
    );
  });

  it('marks the current site of a tenant and judges what the tenant declares at every other site', async () => {
    const r = await govcloudInProcess(['where', 'enclave-analytics']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^tenant enclave-analytics on site lu-enclave-1, classification classified: /);
    expect(r.stdout).toContain('site lu-enclave-1 [current site] (LU, Clarence (joint venture of LuxConnect S.A. and Proximus SA), state-owned): allowed\n');
    expect(r.stdout).toMatch(/site hospital-dc-1 \(LU, [^\n]*\): refused\n(  .*\n)*  error NET-07 \(guest\.domain\)/);
  });

  it('writes the same verdicts as JSON, with sources kept as tagged objects', async () => {
    const r = await govcloudInProcess(['where', 'health', '--format', 'json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.classification.id).toBe('health');
    expect(report.summary).toEqual({ allowed: 2, 'allowed-with-warnings': 2, refused: 5 });
    const ie = report.sites.find((s: { id: string }) => s.id === 'hyperscaler-eu-west');
    expect(ie.verdict).toBe('refused');
    expect(ie.issues[0]).toMatchObject({ ruleId: 'RES-01', constraint: 'countries', sources: [{ kind: 'law', cite: expect.stringContaining('GDPR art. 9(4)') }, { kind: 'policy', by: 'Government of Luxembourg' }] });
  });

  it('exits 2 and lists the classifications and tenants for a name that is neither', async () => {
    const r = await govcloudInProcess(['where', 'healt']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"healt" is neither a classification nor a tenant of config');
    expect(r.stderr).toContain('Fix: use a classification (public, internal, personal, health, social-security, health-research, classified) or a tenant (dsp-ng, ');
  });

  it('exits 2 for a format it does not write', async () => {
    const r = await govcloudInProcess(['where', 'health', '--format', 'sarif']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('sarif');
  });
});
