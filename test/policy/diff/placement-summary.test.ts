import { placementSummary } from '../../../policy/diff';
import { bundledSites, copyOf, docOf } from './diff-fixtures';

const sites = bundledSites();
const summaryOf = (tenant: string, edit: (json: any) => void = () => undefined) => {
  const json = copyOf(tenant);
  edit(json);
  return placementSummary(docOf(json, tenant), sites);
};

describe('placementSummary', () => {
  it('says where a health tenant lives: site, country, datacenter, vCenter, Vault, state, classification, VMs', () => {
    expect(summaryOf('dsp-ng')).toEqual({
      site: 'ctie-govcloud-1',
      country: 'LU',
      datacenters: ['GOVCLOUD-LU-1'],
      vcenter: 'vcenter.govcloud.ctie.lu',
      vault: 'https://vault.govcloud.ctie.lu:8200',
      state: 'local: terraform.tfstate',
      classification: 'health',
      vms: 5,
    });
  });

  it('finds the site of the research tenant in Germany', () => {
    expect(summaryOf('lih-research')).toMatchObject({ site: 'research-de-1', country: 'DE', classification: 'health-research' });
  });

  it('names an s3 state backend by endpoint, bucket and key, and never shows its credentials', () => {
    const s = summaryOf('dsp-ng', (j) => {
      j.terraform.backend = { s3: { bucket: 'tfstate', key: 'dsp-ng.tfstate', endpoints: { s3: 'https://s3.govcloud.ctie.lu' }, secret_key: 'do-not-show' } };
    });
    expect(s.state).toBe('s3: https://s3.govcloud.ctie.lu/tfstate/dsp-ng.tfstate');
  });

  it('names a pg state backend by host only', () => {
    const s = summaryOf('dsp-ng', (j) => {
      j.terraform.backend = { pg: { conn_str: 'postgres://terraform:hunter2@pg.govcloud.ctie.lu:5432/state?sslmode=verify-full' } };
    });
    expect(s.state).toBe('pg: pg.govcloud.ctie.lu:5432');
  });

  it('falls back to the vCenter to find the site when no datacenter is looked up, and leaves unknowns empty', () => {
    const s = summaryOf('mfin-internal', (j) => {
      delete j.data.vsphere_datacenter;
      delete j.terraform.backend;
      delete j.resource.vsphere_tag;
    });
    expect(s).toMatchObject({ site: 'lu-colo-1', country: 'LU', datacenters: [], state: undefined, classification: undefined });
  });
});
