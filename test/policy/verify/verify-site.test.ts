import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../loader/load-config';
import { readStateResources } from '../../../policy/terraform/state-reader';
import { verifySiteState } from '../../../policy/verify/verify-site';
import { failedChecks } from '../../../policy/verify/verify-state';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = loadConfig('config');
const tenantsOf = (siteId: string) =>
  config.tenants.filter((t) => t.spec.site === siteId).map((t) => ({ name: t.spec.name, classification: config.classifications.get(t.spec.classification)! }));

/**
 * The state a real apply of the synthesized site stack leaves: each `vault_audit` with the path, type,
 * description and options the server lists back (the provider's `auditRead` sets exactly these).
 */
function appliedSiteState(siteId: string): Json {
  const stack = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/example-output/stacks', `site-${siteId}`, 'cdk.tf.json'), 'utf8'));
  const resources = Object.entries(stack.resource?.vault_audit ?? {}).map(([name, b]) => {
    const block = b as Json;
    return { address: `vault_audit.${name}`, mode: 'managed', type: 'vault_audit', name, values: { id: block.path, path: block.path, type: block.type, description: block.description, options: block.options, local: false } };
  });
  return { format_version: '1.0', terraform_version: '1.11.4', values: { root_module: { resources } } };
}

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
    const state = appliedSiteState('ctie-govcloud-1');
    state.values.root_module.resources = state.values.root_module.resources.filter((r: Json) => r.values.path !== 'socket');
    expect(failures('ctie-govcloud-1', state)).toEqual([
      'KEY-02 vault_audit (path "socket") type',
      'KEY-02 vault_audit (path "socket") options.address',
      'KEY-02 vault_audit (path "socket") options.socket_type',
      'KEY-02 vault_audit (path "socket") options.format',
    ]);
  });

  it('fails when a tenant device lost its namespace filter, or the collector address differs', () => {
    const state = appliedSiteState('ctie-govcloud-1');
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
