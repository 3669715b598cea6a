import * as path from 'path';
import { formatProblem, loadConfig } from '../../loader';
import { BUNDLED_CONFIG, bundledYaml, configWith, type YamlText } from '../fixtures/config-files';
import { problemsOf } from './config-problems';

/** The custodians, audit retention and classification retention of the site catalogue, as the loader reads them. */

/** The bundled sites.yaml with the custodian `lu-state-custody` changed by `edit`. */
const withSites = (edit: (text: YamlText) => YamlText) => {
  const text = edit(bundledYaml('sites.yaml'));
  const dir = configWith({ sites: text });
  return { dir, file: path.join(dir, 'sites.yaml'), text };
};

describe('custodians in the site catalogue', () => {
  it('reads the bundled custodian with what it holds', () => {
    expect([...loadConfig(BUNDLED_CONFIG).custodians.values()]).toEqual([
      {
        id: 'lu-state-custody',
        name: 'State key and log custody service, Luxembourg (example)',
        country: 'LU',
        operator: "Centre des technologies de l'information de l'Etat (CTIE)",
        operatorJurisdictions: ['LU'],
        euEstablished: true,
        euControlled: true,
        operatorType: 'state',
        domains: ['custody.etat.lu.example'],
        holds: ['keys', 'audit', 'state'],
      },
    ]);
  });

  it("refuses a custodian domain under a site's domains, naming file, line, field and fix", () => {
    const { dir, file, text } = withSites((t) => t.replace('domains: [custody.etat.lu.example]', 'domains: [custody.govcloud.ctie.lu]'));
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file, line: text.lineOf('custody.govcloud.ctie.lu'), field: 'custodians[0].domains[0]' });
    expect(formatProblem(p)).toContain(
      'domain custody.govcloud.ctie.lu of custodian lu-state-custody is under the domains of site ctie-govcloud-1 (govcloud.ctie.lu): its hosts would be the site\'s own, never the custodian\'s. ' +
        'Fix: give custodian lu-state-custody the DNS suffix of its own hosts, or remove it: hosts of site ctie-govcloud-1 need no custodian',
    );
  });

  it('refuses what a custodian cannot hold, and a custodian without domains', () => {
    const { dir, file, text } = withSites((t) => t.replace('holds: [keys, audit, state]', 'holds: [keys, disks]').replace('domains: [custody.etat.lu.example]', 'domains: []'));
    const ofCustodians = problemsOf(dir).filter((p) => p.field.startsWith('custodians'));
    expect(ofCustodians.map((p) => [p.field, p.line])).toEqual([
      ['custodians[0].domains', text.lineOf('domains: []')],
      ['custodians[0].holds[1]', text.lineOf('holds: [keys, disks]')],
    ]);
    expect(ofCustodians[1].file).toBe(file);
    expect(ofCustodians[1].fix).toContain('keys, audit, state');
  });

  it('refuses a duplicate custodian id at its line', () => {
    const entry = bundledYaml('sites.yaml').text.split('custodians:\n')[1];
    const { dir, text } = withSites((t) => t.append(entry));
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ field: 'custodians[1].id', line: text.linesOf('  - id: lu-state-custody')[1] });
    expect(p.message).toBe('duplicate id "lu-state-custody"');
  });
});

describe('a state store at a custodian', () => {
  const pgAt = (host: string) => (t: YamlText) =>
    t.replace('siem.govcloud.ctie.lu:6514\n    stateBackend: { type: local }', `siem.govcloud.ctie.lu:6514\n    stateBackend: { type: pg, host: ${host}, database: terraform, encryptedAtRest: true }`);

  it('loads a pg backend on a host of a custodian registered to hold state', () => {
    const { dir } = withSites(pgAt('tfstate.custody.etat.lu.example'));
    expect(loadConfig(dir).sites.get('ctie-govcloud-1')!.stateBackend).toMatchObject({ type: 'pg', host: 'tfstate.custody.etat.lu.example' });
  });

  it('refuses one at a custodian that does not hold state, naming file, line, field and fix', () => {
    const { dir, file, text } = withSites((t) => pgAt('tfstate.custody.etat.lu.example')(t).replace('holds: [keys, audit, state]', 'holds: [keys, audit]'));
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file, line: text.lineOf('host: tfstate.custody'), field: 'sites[0].stateBackend.host' });
    expect(formatProblem(p)).toContain(
      'database host tfstate.custody.etat.lu.example is held by custodian lu-state-custody, which is registered to hold keys, audit, not state. Fix: add state to the holds of custodian lu-state-custody',
    );
  });
});

describe('audit log retention', () => {
  it('reads what each site declares and what each classification requires, with tagged sources', () => {
    const config = loadConfig(BUNDLED_CONFIG);
    expect(config.sites.get('ctie-govcloud-1')!.vault).toMatchObject({ auditRetentionDays: 1096 });
    expect(config.sites.get('lu-colo-1')!.vault).toMatchObject({ localAuditRetentionDays: 400 });
    for (const site of config.sites.values()) expect(site.vault.auditRetentionDays ?? site.vault.localAuditRetentionDays).toBeGreaterThan(0);
    const health = config.classifications.get('health')!.auditRetentionDays;
    expect(health.value).toBe(1096);
    expect(health.source.map((s) => s.kind)).toEqual(['law', 'policy', 'standard']);
    expect(health.source[0].cite).toMatch(/^EHDS art\. 9\(2\)/);
    expect(config.classifications.get('health-research')!.auditRetentionDays.source[0]).toMatchObject({ kind: 'law', cite: expect.stringMatching(/^EHDS art\. 73\(1\)\(e\)/) });
    expect(config.classifications.get('internal')!.auditRetentionDays).toMatchObject({ value: 184, source: [{ kind: 'standard', cite: expect.stringContaining('12.6.c') }] });
  });

  it("refuses a collector's retention on a site without a collector, naming file, line, field and fix", () => {
    const { dir, file, text } = withSites((t) => t.replace('      localAuditRetentionDays: 400', '      auditRetentionDays: 400'));
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file, line: text.lineOf('auditRetentionDays: 400'), field: 'sites[1].vault.auditRetentionDays' });
    expect(formatProblem(p)).toContain(
      "auditRetentionDays is how long the audit collector keeps audit logs, and site lu-colo-1 has no vault.auditCollector. Fix: declare how long the Vault servers keep their own audit files as vault.localAuditRetentionDays, or add the site's vault.auditCollector",
    );
  });

  it('refuses a retention that is not a positive number of days', () => {
    const { dir, text } = withSites((t) => t.replace('auditRetentionDays: 1096     # days the collector keeps', 'auditRetentionDays: 0     # days the collector keeps'));
    const [p] = problemsOf(dir).filter((x) => x.field.startsWith('sites'));
    expect(p).toMatchObject({ field: 'sites[0].vault.auditRetentionDays', line: text.lineOf('auditRetentionDays: 0') });
  });

  it('refuses a classification that does not say how long audit logs are kept', () => {
    // The line of the first classification, public.
    const edited = bundledYaml('classifications.yaml').replace(/(  - id: public\n[^]*?)    auditRetentionDays: [^\n]*\n/, '$1');
    const dir = configWith({ classifications: edited });
    const [p] = problemsOf(dir).filter((x) => x.field.startsWith('classifications'));
    expect(p).toMatchObject({ file: path.join(dir, 'classifications.yaml'), field: 'classifications[0].auditRetentionDays', line: edited.lineOf('  - id: public') });
    expect(p.message).toBe('missing required field "auditRetentionDays"');
  });
});
