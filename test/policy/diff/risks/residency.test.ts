import { diffStacks } from '../../../../policy/diff';
import { blockIn, bundledSites, copyOf, docOf } from '../diff-fixtures';
import { dataOf, diffAfter, labels, reasons, vm } from './risk-fixtures';

describe('residency', () => {
  it('labels a datacenter change with the site and country before and after', () => {
    const d = diffAfter('mfin-internal', (j) => (dataOf(j, 'vsphere_datacenter').name = 'FRA1'));
    expect(labels(d)).toContain('residency residency/datacenter');
    const [reason] = reasons(d, 'residency/datacenter');
    expect(reason).toContain('"COLO-BISSEN-1" (site lu-colo-1, LU) -> "FRA1" (site research-de-1, DE)');
    expect(reason).toContain('data leaves LU for DE');
    expect(d.before).toMatchObject({ site: 'lu-colo-1', country: 'LU' });
    expect(d.after).toMatchObject({ site: 'research-de-1', country: 'DE', datacenters: ['FRA1'] });
  });

  it('labels a datacenter that no site registers as such', () => {
    const d = diffAfter('mfin-internal', (j) => (dataOf(j, 'vsphere_datacenter').name = 'DC-NOWHERE'));
    expect(reasons(d, 'residency/datacenter')[0]).toContain('"DC-NOWHERE" (no registered site)');
  });

  it('labels a new vCenter and a new Vault, each with its site', () => {
    const d = diffAfter('mfin-internal', (j) => {
      j.provider.vsphere[0].vsphere_server = 'vcenter.govcloud.ctie.lu';
      j.provider.vault[0].address = 'https://vault.research.example:8200';
    });
    expect(reasons(d, 'residency/vcenter')[0]).toContain('"vcenter.colo-bissen.lux.example" (site lu-colo-1, LU) -> "vcenter.govcloud.ctie.lu" (site ctie-govcloud-1, LU)');
    expect(reasons(d, 'residency/vault')[0]).toMatch(/-> "https:\/\/vault\.research\.example:8200" \(/);
  });

  it("names the tenant's own site for a new Vault host under a domain another site shares, registered first", () => {
    const [ctie, ...rest] = bundledSites();
    const twin = { ...ctie, id: 'ctie-govcloud-0', vsphere: { ...ctie.vsphere, server: 'vcenter0.govcloud.ctie.lu', datacenter: 'GOVCLOUD-LU-0' }, vault: { ...ctie.vault, address: 'https://vault0.govcloud.ctie.lu:8200' } };
    const base = copyOf('dsp-ng');
    const head = structuredClone(base);
    head.provider.vault[0].address = 'https://vault2.govcloud.ctie.lu:8200';
    const d = diffStacks(docOf(base, 'dsp-ng'), docOf(head, 'dsp-ng'), [twin, ctie, ...rest]);
    expect(reasons(d, 'residency/vault')[0]).toContain('-> "https://vault2.govcloud.ctie.lu:8200" (site ctie-govcloud-1, LU)');
  });

  it('labels a change of the classification tag, and not of another tag', () => {
    const d = diffAfter('mfin-internal', (j) => (blockIn(j, 'vsphere_tag', 'internal').name = 'public'));
    expect(reasons(d, 'residency/classification-tag')).toEqual(['classification tag "internal" -> "public": the tenant\'s data is declared another class, which decides where it may live']);
    const site = diffAfter('mfin-internal', (j) => (blockIn(j, 'vsphere_tag', 'lu-colo-1').name = 'elsewhere'));
    expect(labels(site)).toEqual([]);
  });

  it('labels a change of where Terraform state lives, without showing a connection string', () => {
    const d = diffAfter('mfin-internal', (j) => {
      j.terraform.backend = { pg: { conn_str: 'postgres://tf:S3cret@db.example:5432/tf' } };
    });
    const all = reasons(d, 'residency/state-location');
    expect(all.some((r) => r.includes('type: "local" -> "pg"'))).toBe(true);
    expect(all.join(' ')).not.toContain('S3cret');
    expect(d.after?.state).toBe('pg: db.example:5432');
  });

  it('labels the removal of the residency precondition of a VM', () => {
    const d = diffAfter('dsp-ng', (j) => delete vm(j).lifecycle);
    expect(reasons(d, 'residency/precondition-removed')[0]).toMatch(/^residency precondition removed \(RES-01\)/);
  });

  it('leaves the postconditions out of a removed precondition, and a lifecycle of postconditions only to other labels', () => {
    const d = diffAfter('dsp-ng', (j) => delete vm(j).lifecycle);
    expect(reasons(d, 'residency/precondition-removed')[0]).toMatch(/^residency precondition removed \(RES-01\):/);
    const onlyPost = diffAfter('dsp-ng', (j) => {
      for (const pg of Object.values(j.resource.vsphere_distributed_port_group) as Record<string, unknown>[]) delete pg.lifecycle;
    });
    expect(reasons(onlyPost, 'residency/precondition-removed')).toEqual([]);
  });
});
