import * as fs from 'fs';
import { diffOutputs, risksOf, type OutputDiff } from '../../../policy/diff';
import { bundledSites, docOf, docsOf, synthesized, synthesizedWithSite } from './diff-fixtures';

/** mfin-internal moved from the national colocation site to the State's GovCloud, synthesized both ways. */
let diff: OutputDiff;
beforeAll(() => {
  diff = diffOutputs(docsOf(synthesized()), docsOf(synthesizedWithSite('mfin-internal', 'ctie-govcloud-1')), bundledSites(), {
    base: 'config',
    head: 'config with mfin-internal on ctie-govcloud-1',
  });
});

const mfin = () => diff.tenants.find((t) => t.tenant === 'mfin-internal')!;
const reasonsOf = (rule: string) => mfin().changes.flatMap((c) => c.risks).filter((r) => r.rule === rule).map((r) => r.reason);

describe('moving a tenant to another site (mfin-internal from lu-colo-1 to ctie-govcloud-1)', () => {
  it('puts the moved tenant first, labelled residency, and leaves the others unchanged', () => {
    expect(diff.tenants.map((t) => [t.tenant, t.status])).toEqual([
      ['mfin-internal', 'changed'],
      ['dsp-ng', 'unchanged'],
      ['enclave-analytics', 'unchanged'],
      ['igss-analytics', 'unchanged'],
      ['lih-research', 'unchanged'],
    ]);
    expect(risksOf(mfin())[0]).toBe('residency');
  });

  it('says which site and country the datacenter belonged to before and after', () => {
    expect(reasonsOf('residency/datacenter')).toEqual([
      'datacenter "COLO-BISSEN-1" (site lu-colo-1, LU) -> "GOVCLOUD-LU-1" (site ctie-govcloud-1, LU): the tenant\'s VMs and their disks move to site ctie-govcloud-1 in LU',
    ]);
    expect(reasonsOf('residency/vcenter')[0]).toContain('(site lu-colo-1, LU) -> "vcenter.govcloud.ctie.lu" (site ctie-govcloud-1, LU)');
    expect(reasonsOf('residency/vault')[0]).toContain('(site ctie-govcloud-1, LU)');
  });

  it('gives a placement summary before and after that differ in site, datacenter, vCenter and Vault only', () => {
    const { before, after } = mfin();
    expect(before).toEqual({
      site: 'lu-colo-1',
      country: 'LU',
      datacenters: ['COLO-BISSEN-1'],
      vcenter: 'vcenter.colo-bissen.lux.example',
      vault: 'https://vault.colo-bissen.lux.example:8200',
      state: 'local: terraform.tfstate',
      classification: 'internal',
      vms: 2,
    });
    expect(after).toEqual({
      ...before,
      site: 'ctie-govcloud-1',
      datacenters: ['GOVCLOUD-LU-1'],
      vcenter: 'vcenter.govcloud.ctie.lu',
      vault: 'https://vault.govcloud.ctie.lu:8200',
    });
  });

  it('labels what the move destroys: the VMs cloned from the new site library, and the keys moved into a namespace', () => {
    const library = reasonsOf('destructive/replaces-dependants').find((r) => r.includes('mfin-internal-web-01'));
    expect(library).toMatch(/vsphere_virtual_machine "mfin-internal-web-01" \(clone\), vsphere_virtual_machine "mfin-internal-web-02" \(clone\)/);
    const key = mfin().changes.find((c) => c.type === 'vault_transit_secret_backend_key')!;
    expect(key.risks.map((r) => r.rule)).toEqual(['destructive/force-new']); // its namespace is ForceNew
  });

  it('does not take the policies moving into the tenant namespace for wider policies', () => {
    expect(reasonsOf('security/policy-widened')).toEqual([]);
  });

  it("adds no audit device to the tenant's stack: the site's stack holds the devices", () => {
    expect(mfin().changes.filter((c) => c.type === 'vault_audit')).toEqual([]);
  });

  it('is labelled the same way on every run', () => {
    const again = diffOutputs(docsOf(synthesized()), docsOf(synthesizedWithSite('mfin-internal', 'ctie-govcloud-1')), bundledSites(), {
      base: 'config',
      head: 'config with mfin-internal on ctie-govcloud-1',
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(diff));
  });
});

describe("a site stack removed with the site's last tenant", () => {
  it('labels each of its audit devices security: the cluster is no longer logged there', () => {
    const site = JSON.parse(fs.readFileSync('test/fixtures/example-output/stacks/site-lu-colo-1/cdk.tf.json', 'utf8'));
    const d = diffOutputs(new Map([['site-lu-colo-1', docOf(site, 'site-lu-colo-1')]]), new Map(), bundledSites(), { base: 'a', head: 'b' });
    const [removed] = d.tenants;
    expect(removed).toMatchObject({ tenant: 'site-lu-colo-1', status: 'removed' });
    expect(removed.changes.flatMap((c) => c.risks).map((r) => [r.rule, r.reason])).toEqual([
      ['security/audit-device-removed', 'audit device "file" ("file") is removed with the site stack (no tenant is left on the site): the cluster\'s requests are no longer logged there'],
    ]);
  });
});
