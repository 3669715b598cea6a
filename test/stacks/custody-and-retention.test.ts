import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../loader';
import type { Finding } from '../../policy/finding';
import { synthesizeTenants, TenantsRefused } from '../../stacks/synth';
import { bundledYaml, configWith, yamlText, type YamlText } from '../fixtures/config-files';

/**
 * Issue 12, cases (5) to (7), end to end: the bundled config with one change, synthesized as `govcloud synth`
 * does. Each case synthesized with exit 0, or was refused wrongly, before custodians, shared domains and
 * retention were judged.
 */
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'custody-and-retention-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

/**
 * The findings that refuse the config with `sites` as its site catalogue; [] when it synthesizes (nothing is written
 * otherwise). The IGSS example, on the same site as dsp-ng, is left out so each case reads as one tenant's.
 */
function refusals(sites: YamlText, name: string): Finding[] {
  const out = path.join(tmpRoot, name);
  try {
    synthesizeTenants(loadConfig(configWith({ sites, remove: ['igss-analytics.yaml'] })), { outDir: out });
    return [];
  } catch (e) {
    if (!(e instanceof TenantsRefused)) throw e;
    expect(fs.existsSync(out)).toBe(false);
    return [...e.findings];
  }
}

const MANAGED_VAULT = 'https://govcloud-lu.vault.cloud.example:8200';

describe('(5) key custody abroad', () => {
  it("refuses a health tenant whose site's Vault is a managed Vault of a foreign provider outside its domains", () => {
    const sites = bundledYaml('sites.yaml').replace('address: https://vault.govcloud.ctie.lu:8200', `address: ${MANAGED_VAULT}`);
    const findings = refusals(sites, 'unregistered');
    expect(findings.map((f) => [f.ruleId, f.tenant, f.severity])).toEqual([['RES-14', 'dsp-ng', 'error']]);
    expect(findings[0].found).toContain('govcloud-lu.vault.cloud.example is not under the domains of site ctie-govcloud-1 and no registered custodian holds it');
  });

  it('refuses it too when the provider is registered as a custodian, saying where it is and what health allows', () => {
    const sites = bundledYaml('sites.yaml')
      .replace('address: https://vault.govcloud.ctie.lu:8200', `address: ${MANAGED_VAULT}`)
      .append(
        [
          '  - id: managed-vault-eu',
          '    name: Managed Vault, EU region of a US provider',
          '    country: IE',
          '    operator: Vault Cloud Ireland Ltd',
          '    operatorJurisdictions: [IE, US]',
          '    euEstablished: true',
          '    euControlled: false',
          '    domains: [vault.cloud.example]',
          '    holds: [keys]',
          '',
        ].join('\n'),
      );
    const [f, ...rest] = refusals(sites, 'registered');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'RES-14', tenant: 'dsp-ng' });
    expect(f.found).toContain('held by custodian managed-vault-eu (Vault Cloud Ireland Ltd; in IE; under IE, US law; not EU-controlled)');
    expect(f.allowed).toContain('classification health allows LU');
    expect(f.source).toContain('policy (Government of Luxembourg): PQ 3639 ¶4–¶5 (sensitive data of hospitals hosted exclusively in Luxembourg');
  });

  it('accepts keys, audit log and state at the registered State custodian', () => {
    const sites = bundledYaml('sites.yaml')
      .replace('address: https://vault.govcloud.ctie.lu:8200', 'address: https://vault.custody.etat.lu.example:8200')
      .replace('auditCollector: siem.govcloud.ctie.lu:6514\n    stateBackend: { type: local }', 'auditCollector: siem.custody.etat.lu.example:6514\n    stateBackend: { type: pg, host: tfstate.custody.etat.lu.example, database: terraform, encryptedAtRest: true }');
    expect(refusals(sites, 'custodian')).toEqual([]);
  });
});

describe('(6) two datacentres of one operator under one DNS suffix', () => {
  const PG = 'stateBackend: { type: pg, host: tfstate-db.govcloud.ctie.lu, database: terraform';
  const LOCAL_STATE = 'auditCollector: siem.govcloud.ctie.lu:6514\n    stateBackend: { type: local }\n    # Terraform';

  /**
   * The bundled catalogue with a twin of ctie-govcloud-1, registered before it under the same domain, each keeping
   * state on the same database host: `own` and `twin` are what follows its `database:` in each site's entry.
   */
  function twinSites(own: string, twin: string): YamlText {
    const text = bundledYaml('sites.yaml').text;
    const ctie = text.slice(text.indexOf('  - id: ctie-govcloud-1'), text.indexOf('  - id: lu-colo-1'));
    const withState = (rest: string) => LOCAL_STATE.replace('stateBackend: { type: local }', `${PG}${rest} }\n    remoteStateRequired: true`);
    const twinEntry = ctie
      .replace('id: ctie-govcloud-1', 'id: ctie-govcloud-0')
      .replace('server: vcenter.govcloud.ctie.lu', 'server: vcenter0.govcloud.ctie.lu')
      .replace('datacenter: GOVCLOUD-LU-1', 'datacenter: GOVCLOUD-LU-0')
      .replace('address: https://vault.govcloud.ctie.lu:8200', 'address: https://vault0.govcloud.ctie.lu:8200')
      .replace(LOCAL_STATE, withState(twin));
    return bundledYaml('sites.yaml')
      .replace(LOCAL_STATE, withState(own))
      .replace('sites:\n  - id: ctie-govcloud-1', `sites:\n${twinEntry}  - id: ctie-govcloud-1`);
  }

  it("finds the encrypted, registered state backend of the tenant's own site, not of the first site under the domain", () => {
    const out = path.join(tmpRoot, 'shared-domain');
    const result = synthesizeTenants(loadConfig(configWith({ sites: twinSites(', encryptedAtRest: true', '') })), { outDir: out });
    // The stack of dsp-ng itself (its recovery stack, at ctie-govcloud-2, keeps its state where that site says).
    expect(result.report.stacks.find((s) => s.stack === 'dsp-ng')!.findings).toEqual([]);
  });

  it("refuses the tenant's own unencrypted backend, which the twin's encrypted one on the same host does not excuse", () => {
    const findings = refusals(twinSites('', ', encryptedAtRest: true'), 'shared-domain-unencrypted');
    // The site's stack keeps its state on the same backend, and is refused alike.
    expect(findings.map((f) => [f.ruleId, f.tenant])).toEqual([['STA-04', 'dsp-ng'], ['STA-04', 'site-ctie-govcloud-1']]);
    expect(findings[0].found).toContain('site ctie-govcloud-1 registers no pg state backend on tfstate-db.govcloud.ctie.lu with encryptedAtRest: true');
  });
});

describe('(7) audit log retention', () => {
  it('synthesizes the example catalogue: each site keeps audit logs as long as its tenants require, exactly 1096 days for dsp-ng', () => {
    expect(refusals(bundledYaml('sites.yaml'), 'bundled')).toEqual([]);
  });

  it('refuses a health tenant on a site whose collector keeps audit logs one year, fewer than the three years health requires', () => {
    const [f, ...rest] = refusals(bundledYaml('sites.yaml').replace('auditRetentionDays: 1096     # days the collector keeps', 'auditRetentionDays: 365     # days the collector keeps'), 'one-year');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'KEY-10', tenant: 'dsp-ng', severity: 'error' });
    expect(f.allowed).toBe('classification health requires audit logs kept at least 1096 days');
    expect(f.source).toContain('law: EHDS art. 9(2)');
  });

  it('refuses every tenant when no site declares how long it keeps audit logs', () => {
    const sites = yamlText(bundledYaml('sites.yaml').text.replace(/ *(auditRetentionDays|localAuditRetentionDays):[^\n]*\n/g, ''));
    expect(refusals(sites, 'none-declared').map((f) => [f.ruleId, f.tenant, f.field])).toEqual([
      ['KEY-10', 'dsp-ng', 'site'],
      // and at its recovery site, ctie-govcloud-2
      ['KEY-10', 'dsp-ng', 'recovery.site'],
      ['KEY-10', 'enclave-analytics', 'site'],
      ['KEY-10', 'lih-research', 'site'],
      ['KEY-10', 'mfin-internal', 'site'],
    ]);
  });

  it('refuses, as an error, a tenant on a site that declares no retention, saying which field of sites.yaml to set', () => {
    const sites = bundledYaml('sites.yaml').replace(/ {6}localAuditRetentionDays: [^\n]*\n/, '');
    const findings = refusals(sites, 'undeclared');
    expect(findings.map((f) => [f.ruleId, f.tenant, f.severity])).toEqual([['KEY-10', 'mfin-internal', 'error']]);
    expect(findings[0].found).toBe("site lu-colo-1 declares no audit log retention (vault.localAuditRetentionDays for its Vault servers' files)");
    expect(findings[0].fix).toContain('declare it in config/sites.yaml (vault.localAuditRetentionDays, or vault.auditRetentionDays with a vault.auditCollector)');
    expect(findings[0].source).toContain('policy (govcloud-tenants): docs/residency-policy.md, Retention (a site that declares no audit log retention is refused)');
  });
});
