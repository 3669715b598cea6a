import { blockIn } from '../diff-fixtures';
import { diffAfter, labels, reasons, vm } from './risk-fixtures';

describe('egress', () => {
  it('labels a new URL anywhere in a block', () => {
    const d = diffAfter('dsp-ng', (j) => (vm(j).annotation = 'runbook at https://wiki.example.com/dsp'));
    expect(reasons(d, 'egress/new-url')).toEqual(['new URL https://wiki.example.com/dsp (annotation): something will be fetched from or sent to it']);
  });

  it('labels a new content library subscription and a changed subscription URL', () => {
    const added = diffAfter('dsp-ng', (j) => {
      j.resource.vsphere_content_library = { mirror: { name: 'mirror', storage_backing: ['${data.vsphere_datastore.x.id}'], subscription: { subscription_url: 'https://templates.example.com/lib.json' } } };
    });
    expect(labels(added)).toEqual(['egress egress/library-subscription-added']);
    const changed = diffAfter(
      'dsp-ng',
      (j) => (j.resource.vsphere_content_library.mirror.subscription.subscription_url = 'https://other.example.com/lib.json'),
      (b) => (b.resource.vsphere_content_library = { mirror: { name: 'mirror', subscription: { subscription_url: 'https://templates.example.com/lib.json' } } }),
    );
    expect(labels(changed)).toEqual(['egress egress/library-subscription']);
  });

  it('labels a VM deployed from a remote OVF, and a content library item downloaded from a URL', () => {
    const d = diffAfter('dsp-ng', (j) => {
      vm(j).ovf_deploy = { remote_ovf_url: 'https://images.example.com/rhel.ova' };
      j.resource.vsphere_content_library_item = { item: { name: 'item', library_id: 'x', file_url: 'https://images.example.com/item.ova' } };
    });
    expect(labels(d)).toEqual(['destructive destructive/force-new', 'egress egress/new-url', 'egress egress/remote-ovf']);
    expect(reasons(d, 'egress/remote-ovf')).toEqual(['remote OVF none -> "https://images.example.com/rhel.ova": the VM image is downloaded from that host']);
    expect(reasons(d, 'egress/new-url')).toEqual([expect.stringContaining('https://images.example.com/item.ova (file_url)')]); // the added item
  });

  it('labels a new port group uplink, and not a reordering of the same uplinks', () => {
    const d = diffAfter(
      'dsp-ng',
      (j) => (blockIn(j, 'vsphere_distributed_port_group').active_uplinks = ['uplink2', 'uplink1', 'uplink3']),
      (b) => (blockIn(b, 'vsphere_distributed_port_group').active_uplinks = ['uplink1', 'uplink2']),
    );
    expect(reasons(d, 'egress/uplinks')).toEqual(['new uplink "uplink3" in active_uplinks: tenant traffic can leave by another physical link']);
  });

  it('labels an audit stream sent to another address, and a new socket audit device', () => {
    // Audit devices are in the site stacks.
    const moved = diffAfter('site-ctie-govcloud-1', (j) => {
      for (const audit of Object.values<any>(j.resource.vault_audit)) if (audit.type === 'socket') audit.options.address = 'siem.example.com:6514';
    });
    expect(labels(moved)).toEqual(['egress egress/audit-stream', 'security security/audit-device-replaced']);
    const added = diffAfter('site-lu-colo-1', (j) => {
      j.resource.vault_audit.socket = { type: 'socket', path: 'socket', options: { address: 'siem.example.com:6514', socket_type: 'tcp' } };
    });
    expect(reasons(added, 'egress/audit-stream-added')).toEqual(['new socket audit device streams to "siem.example.com:6514"']);
  });
});
