import { Testing, TerraformStack } from 'cdktf';
import { ContentLibrary } from '@cdktf/provider-vsphere/lib/content-library';
import { ContentLibraryItem } from '@cdktf/provider-vsphere/lib/content-library-item';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { GovCloudTenant } from '../../constructs/govcloud-tenant';
import { ResidencyError } from '../../constructs/residency-error';
import { TenantContentLibrary } from '../../constructs/tenant-content-library';
import { healthClass, luSite, sourced } from '../policy/fixtures';
import { inventoryIn, placement, resourcesOf, tenantSpec } from './tenant-fixtures';

const enclave = luSite({
  id: 'enclave-1',
  airGapped: true,
  domains: ['enclave.internal'],
  infrastructureNetworks: ['10.99.0.0/24'],
  vsphere: { ...luSite().vsphere, server: 'vcenter.enclave.internal' },
  vault: { ...luSite().vault, address: 'https://bao.enclave.internal:8200', edition: 'openbao', auditCollector: 'logs.enclave.internal:6514' },
});
const classified = healthClass({ id: 'classified', airGapped: sourced(true) });

describe('TenantContentLibrary', () => {
  it('subscribes on demand, without automatic sync, to a publisher inside the enclave', () => {
    const synth = Testing.synthScope((scope) => {
      const p = placement({ site: enclave, classification: classified });
      new TenantContentLibrary(scope, 'lib', { ...p, inventory: inventoryIn(scope, p), library: { subscriptionUrl: 'https://vcenter.enclave.internal/cls/lib.json', items: [] } });
    });
    expect(synth).toHaveResourceWithProperties(ContentLibrary, {
      name: 'dsp-library',
      subscription: { subscription_url: 'https://vcenter.enclave.internal/cls/lib.json', automatic_sync: false, on_demand: true },
    });
  });

  it('imports each declared item into the library', () => {
    const synth = Testing.synthScope((scope) => {
      const p = placement();
      new TenantContentLibrary(scope, 'lib', { ...p, inventory: inventoryIn(scope, p), library: { items: [{ name: 'tool', url: 'https://mirror.lu.test/tool.ova' }] } });
    });
    expect(synth).toHaveResourceWithProperties(ContentLibraryItem, { name: 'tool', file_url: 'https://mirror.lu.test/tool.ova' });
  });

  it('refuses, before creating anything, an enclave library that subscribes outside and downloads from outside, listing both', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    const p = placement({ site: enclave, classification: classified });
    const inventory = inventoryIn(stack, p);
    let error: unknown;
    try {
      new TenantContentLibrary(stack, 'lib', { ...p, inventory, library: { subscriptionUrl: 'https://cdn.vendor.example.com/lib.json', items: [{ name: 'x', url: 'https://cdn.vendor.example.com/x.ova' }] } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResidencyError);
    expect((error as ResidencyError).findings.map((f) => f.ruleId)).toEqual(['NET-01', 'NET-02']);
    expect(stack.node.tryFindChild('lib')?.node.children).toEqual([]);
    expect(Object.keys(resourcesOf(Testing.synth(stack), 'vsphere_content_library'))).toEqual([]);
  });
});

describe('GovCloudTenant in an enclave', () => {
  it('customizes every clone with in-enclave DNS and NTP servers and builds its own library', () => {
    const spec = tenantSpec({
      site: 'enclave-1',
      classification: 'classified',
      contentLibrary: { subscriptionUrl: 'https://vcenter.enclave.internal/cls/lib.json', items: [] },
      guest: { domain: 'dsp.enclave.internal', dnsServers: ['10.99.0.53'], ntpServers: ['ntp.enclave.internal'] },
    });
    const synth = Testing.synthScope((scope) => void new GovCloudTenant(scope, 't', { spec, site: enclave, classification: classified }));
    expect(synth).toHaveResourceWithProperties(VirtualMachine, {
      name: 'dsp-app-01',
      clone: expect.objectContaining({
        customize: { linux_options: { host_name: 'dsp-app-01', domain: 'dsp.enclave.internal' }, network_interface: [{}], dns_server_list: ['10.99.0.53'], dns_suffix_list: ['dsp.enclave.internal'] },
      }),
      extra_config: { 'guestinfo.govcloud.ntp-servers': 'ntp.enclave.internal' },
    });
    expect(synth).toHaveResource(ContentLibrary);
  });

  it('refuses an external subscription URL and an outside NTP server in one error, before any resource exists', () => {
    const spec = tenantSpec({
      site: 'enclave-1',
      classification: 'classified',
      contentLibrary: { subscriptionUrl: 'https://templates.vendor.example.com/lib.json', items: [] },
      guest: { domain: 'dsp.enclave.internal', dnsServers: [], ntpServers: ['pool.ntp.org'] },
    });
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    let error: unknown;
    try {
      new GovCloudTenant(stack, 't', { spec, site: enclave, classification: classified });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResidencyError);
    expect((error as ResidencyError).findings.map((f) => `${f.ruleId} ${f.field}`)).toEqual(['NET-01 contentLibrary.subscriptionUrl', 'NET-07 guest.ntpServers[0]']);
    expect(stack.node.tryFindChild('t')?.node.children).toEqual([]);
  });
});
