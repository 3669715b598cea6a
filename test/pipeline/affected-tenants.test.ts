import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig, type GovCloudConfig } from '../../loader/load-config';
import { synthesizeTenants } from '../../stacks/synth';
import { tenantPlanInputs } from '../../pipeline/affected-tenants';
import { affectedSites } from '../../pipeline/affected-sites';
import { tenantYaml } from '../fixtures/config-files';
import { bundledYaml, configWith, type ConfigFiles } from '../fixtures/config-files';
import { SHARED_TODAY, sharedExampleOutput } from '../fixtures/shared-example-output';

/**
 * The pipeline plans a tenant when its plan inputs changed. These tests hold that hash to what matters: every
 * tenant whose synthesized stack changes must be affected (or a change would ship unplanned), and a change to one
 * site must not replan tenants elsewhere.
 */
let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-affected-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A copy of the example config with `files` written into it, loaded. */
const loadedWith = (files: ConfigFiles): GovCloudConfig => loadConfig(configWith(files));

/**
 * Tenants whose `cdk.tf.json` differs between the bundled config and `after`, and tenants whose plan inputs
 * differ. The bundled config's stacks are the run's shared output of it.
 */
function compare(after: GovCloudConfig, name: string): { stacksChanged: string[]; affected: string[] } {
  const before = loadConfig('config');
  const read = (out: string, config: GovCloudConfig) => new Map(config.tenants.map((t) => [t.spec.name, fs.readFileSync(path.join(out, 'stacks', t.spec.name, 'cdk.tf.json'), 'utf8')]));
  const a = read(sharedExampleOutput(), before);
  synthesizeTenants(after, { outDir: path.join(scratch, name), today: SHARED_TODAY });
  const b = read(path.join(scratch, name), after);
  const hashes = new Map(before.tenants.map((t) => [t.spec.name, tenantPlanInputs(before, t)]));
  return {
    stacksChanged: [...b.keys()].filter((n) => a.get(n) !== b.get(n)).sort(),
    affected: after.tenants.filter((t) => hashes.get(t.spec.name) !== tenantPlanInputs(after, t)).map((t) => t.spec.name).sort(),
  };
}

describe('tenantPlanInputs', () => {
  const base = () => loadConfig('config');

  it('is the same for the same config, loaded twice', () => {
    const [a, b] = [base(), base()];
    expect(a.tenants.map((t) => tenantPlanInputs(a, t))).toEqual(b.tenants.map((t) => tenantPlanInputs(b, t)));
  });

  it('changes for the tenants on a site whose vCenter objects changed, and for no other tenant', () => {
    const r = compare(loadedWith({ sites: bundledYaml('sites.yaml').replace('datastore: gc-lu1-vsan', 'datastore: gc-lu1-vsan-2') }), 'datastore');
    expect(r.stacksChanged).toEqual(['dsp-ng', 'igss-analytics']);
    expect(r.affected).toEqual(['dsp-ng', 'igss-analytics']);
  });

  it("changes for every tenant whose stack names a renamed datacenter, its own site's or an allowed site's", () => {
    const r = compare(loadedWith({ sites: bundledYaml('sites.yaml').replace('datacenter: GOVCLOUD-LU-1', 'datacenter: GOVCLOUD-LU-2') }), 'datacenter');
    // lih-research and mfin-internal may also be placed on GovCloud: their RES-01 preconditions list its datacenter.
    expect(r.stacksChanged).toEqual(['dsp-ng', 'igss-analytics', 'lih-research', 'mfin-internal']);
    expect(r.affected).toEqual(r.stacksChanged);
  });

  it('changes for the tenants that depend on a component whose licence changed in components.yaml, and for no other', () => {
    const before = base();
    const dir = configWith({});
    const file = path.join(dir, 'components.yaml');
    // OpenBao is the key custodian of lu-enclave-1 only, whose one tenant is enclave-analytics.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('    licence: { id: MPL-2.0, metric: none }\n    alternatives:\n      - { component: vault-community', '    licence: { id: MPL-2.0, metric: per-namespace }\n    alternatives:\n      - { component: vault-community'));
    const after = loadConfig(dir);
    expect(after.tenants.filter((t) => tenantPlanInputs(before, before.tenants.find((b) => b.spec.name === t.spec.name)!) !== tenantPlanInputs(after, t)).map((t) => t.spec.name)).toEqual(['enclave-analytics']);
  });

  it('changes for the tenants of a classification whose description changed', () => {
    const r = compare(loadedWith({ classifications: bundledYaml('classifications.yaml').replace('description: Non-personal administrative data', 'description: Administrative data') }), 'classification');
    expect(r.stacksChanged).toEqual(['mfin-internal']);
    expect(r.affected).toEqual(['mfin-internal']);
  });

  it('changes for a tenant whose file changed, and only for it', () => {
    const r = compare(loadedWith({ tenants: { 'lih-research.yaml': bundledYaml('tenants/lih-research.yaml').replace('memoryMb: 32768', 'memoryMb: 65536') } }), 'tenant');
    expect(r.stacksChanged).toEqual(['lih-research']);
    expect(r.affected).toEqual(['lih-research']);
  });
});

/** Site stacks (and OpenBao stanza files) that differ between two configs' synth outputs, and the site stacks affected. */
function compareSites(before: GovCloudConfig, after: GovCloudConfig, name: string): { stacksChanged: string[]; affected: string[] } {
  const files = (config: GovCloudConfig, out: string) => {
    const dir = path.join(scratch, `sites-${name}`, out);
    synthesizeTenants(config, { outDir: dir });
    const read = (rel: string) => (fs.existsSync(path.join(dir, rel)) ? fs.readFileSync(path.join(dir, rel), 'utf8') : undefined);
    const names = fs.readdirSync(path.join(dir, 'stacks')).filter((n) => n.startsWith('site-'));
    return new Map(names.map((n) => [n, `${read(`stacks/${n}/cdk.tf.json`)}${read(`sites/${n.slice(5)}/openbao-audit.hcl`) ?? ''}`]));
  };
  const a = files(before, 'before');
  const b = files(after, 'after');
  return {
    stacksChanged: [...b.keys()].filter((n) => a.get(n) !== b.get(n)).sort(),
    affected: affectedSites(after, before).affected.map((s) => s.name).sort(),
  };
}

describe('affectedSites', () => {
  const base = () => loadConfig('config');

  it("plans the stacks of the Vault Enterprise sites that gain a tenant or its recovery stack (their namespace's own device), and no other", () => {
    // Health data requires a recovery site (AVL-03): the new tenant's recovery stack is logged at ctie-govcloud-2.
    const staging = tenantYaml({ name: 'dsp-ng-staging', classification: 'health', site: 'ctie-govcloud-1', network: { vlan: 211, cidr: '10.21.1.0/24' }, recovery: { site: 'ctie-govcloud-2', mode: 'warm' } });
    const r = compareSites(base(), loadedWith({ tenants: { 'dsp-ng-staging.yaml': staging } }), 'tenant-added');
    expect(r.stacksChanged).toEqual(['site-ctie-govcloud-1', 'site-ctie-govcloud-2']);
    expect(r.affected).toEqual(r.stacksChanged);
  });

  it("plans no site stack for a tenant added where the devices stay the same, or for a change to a site's vCenter", () => {
    const added = compareSites(base(), loadedWith({ tenants: { 'mfin-archive.yaml': tenantYaml({ name: 'mfin-archive' }) } }), 'same-devices');
    expect(added).toEqual({ stacksChanged: [], affected: [] });
    const datastore = compareSites(base(), loadedWith({ sites: bundledYaml('sites.yaml').replace('datastore: gc-lu1-vsan', 'datastore: gc-lu1-vsan-2') }), 'datastore');
    expect(datastore).toEqual({ stacksChanged: [], affected: [] });
  });

  it("plans the stack of a site whose audit collector moved", () => {
    const r = compareSites(base(), loadedWith({ sites: bundledYaml('sites.yaml').replace('auditCollector: siem.fra1.forschungscloud.example:6514', 'auditCollector: siem2.fra1.forschungscloud.example:6514') }), 'collector');
    expect(r.stacksChanged).toEqual(['site-research-de-1']);
    expect(r.affected).toEqual(r.stacksChanged);
  });

  it('names the site stack no longer written when the last tenant of its site leaves', () => {
    const after = loadedWith({ remove: ['mfin-internal.yaml'] });
    expect(affectedSites(after, base()).removed).toEqual(['site-lu-colo-1']);
  });
});
