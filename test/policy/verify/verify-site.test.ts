import { loadConfig } from '../../../loader/load-config';
import { readStateResources } from '../../../policy/terraform/state-reader';
import { verifySiteState } from '../../../policy/verify/verify-site';
import { failedChecks } from '../../../policy/verify/verify-state';
import { appliedSiteState } from '../../fixtures/state/applied-state';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = loadConfig('config');
const tenantsOf = (siteId: string) =>
  config.tenants.filter((t) => t.spec.site === siteId).map((t) => ({ name: t.spec.name, classification: config.classifications.get(t.spec.classification)! }));

const verify = (siteId: string, state: Json) =>
  verifySiteState({ site: config.sites.get(siteId)!, tenants: tenantsOf(siteId), stateFile: 'state.json' }, readStateResources(state, 'state.json'));
const failures = (siteId: string, state: Json) => failedChecks(verify(siteId, state)).map((c) => `${c.rule} ${c.address} ${c.attribute}`);

describe('govcloud verify of a site stack', () => {
  it('holds on the applied state of the GovCloud site: every device with its type and options, tenants filtered to their namespace', () => {
    const report = verify('ctie-govcloud-1', appliedSiteState('ctie-govcloud-1'));
    expect(failedChecks(report)).toEqual([]);
    // file, socket, and one filtered file per tenant (dsp-ng, igss-analytics): type plus 2, 3, 3 and 3 options.
    expect(report.rules.map((r) => [r.id, r.checks.length])).toEqual([['KEY-02', 15]]);
    expect(report).toMatchObject({ tenant: 'site-ctie-govcloud-1', site: 'ctie-govcloud-1', classification: 'health' });
  });

  it('fails naming KEY-02 when the central collector device is gone from the server', () => {
    const state = appliedSiteState('ctie-govcloud-1') as Json;
    state.values.root_module.resources = state.values.root_module.resources.filter((r: Json) => r.values.path !== 'socket');
    expect(failures('ctie-govcloud-1', state)).toEqual([
      'KEY-02 vault_audit (path "socket") type',
      'KEY-02 vault_audit (path "socket") options.address',
      'KEY-02 vault_audit (path "socket") options.socket_type',
      'KEY-02 vault_audit (path "socket") options.format',
    ]);
  });

  it('fails when a tenant device lost its namespace filter, or the collector address differs', () => {
    const state = appliedSiteState('ctie-govcloud-1') as Json;
    const byPath = (p: string) => state.values.root_module.resources.find((r: Json) => r.values.path === p).values;
    delete byPath('file-dsp-ng').options.filter;
    byPath('socket').options.address = 'siem.elsewhere.example:6514';
    expect(failures('ctie-govcloud-1', state)).toEqual(['KEY-02 vault_audit.audit-socket options.address', 'KEY-02 vault_audit.audit-file-dsp-ng options.filter']);
  });

  it('says an OpenBao site declares its devices in the server config, and checks nothing in Terraform state', () => {
    const report = verify('lu-enclave-1', appliedSiteState('lu-enclave-1'));
    expect(failedChecks(report)).toEqual([]);
    expect(report.rules[0].checks).toEqual([]);
    expect(report.notChecked.join('\n')).toContain('sites/lu-enclave-1/openbao-audit.hcl');
  });
});

describe('govcloud verify of a site stack for one tenant', () => {
  it("checks only the devices that log the tenant: the site's unfiltered devices and its own namespace's", () => {
    const report = verifySiteState(
      { site: config.sites.get('ctie-govcloud-1')!, tenants: tenantsOf('ctie-govcloud-1'), stateFile: 'state.json', devices: (d) => d.path !== 'file-igss-analytics' },
      readStateResources(appliedSiteState('ctie-govcloud-1'), 'state.json'),
    );
    expect(failedChecks(report)).toEqual([]);
    expect(new Set(report.rules[0].checks.map((c) => c.address))).toEqual(new Set(['vault_audit.audit-file', 'vault_audit.audit-socket', 'vault_audit.audit-file-dsp-ng']));
  });
});
