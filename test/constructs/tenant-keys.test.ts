import { Testing } from 'cdktf';
import { Namespace } from '@cdktf/provider-vault/lib/namespace';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { TenantKeys, type TenantKeysProps } from '../../constructs/tenant-keys';
import { ResidencyError } from '../../constructs/residency-error';
import { healthClass, luSite, sourced } from '../policy/fixtures';
import { placement, resourcesOf } from './tenant-fixtures';

const props = (over: Partial<TenantKeysProps> = {}): TenantKeysProps => ({
  ...placement(),
  keys: { rotationDays: 30, deletionAllowed: false },
  automationCidrs: ['10.21.0.0/24'],
  ...over,
});
const synthKeys = (p = props()) => Testing.synthScope((scope) => void new TenantKeys(scope, 'keys', p));
const communitySite = () => luSite({ vault: { ...luSite().vault, edition: 'community' } });

describe('TenantKeys', () => {
  it('gives the tenant a namespace on Vault Enterprise and puts every Vault resource in it', () => {
    const synth = synthKeys();
    expect(synth).toHaveResourceWithProperties(Namespace, { path: 'dsp' });
    const parsed = JSON.parse(synth) as { resource: Record<string, Record<string, { namespace?: string }>> };
    for (const [type, byId] of Object.entries(parsed.resource)) {
      if (type === 'vault_namespace') continue;
      for (const r of Object.values(byId)) {
        expect(r.namespace).toMatch(/^\$\{vault_namespace\.[^.]+\.path\}$/);
      }
    }
  });

  it('gives the tenant a namespace on OpenBao too', () => {
    expect(synthKeys(props({ site: luSite({ vault: { ...luSite().vault, edition: 'openbao' } }) }))).toHaveResource(Namespace);
  });

  it('uses a per-tenant mount prefix where the edition has no namespaces', () => {
    const synth = synthKeys(props({ site: communitySite() }));
    expect(synth).not.toHaveResource(Namespace);
    expect(synth).toHaveResourceWithProperties(Mount, { path: 'tenants/dsp/transit', type: 'transit' });
    expect(synth).toHaveResourceWithProperties(Mount, { path: 'tenants/dsp/kv', type: 'kv', options: { version: '2' } });
    expect(synth).toHaveResourceWithProperties(Policy, { name: 'dsp-app', policy: expect.stringContaining('path "tenants/dsp/transit/encrypt/dsp-data"') });
  });

  it('creates a transit key that is never exportable, never backed up in plaintext and not deletable', () => {
    expect(synthKeys()).toHaveResourceWithProperties(TransitSecretBackendKey, {
      name: 'dsp-data',
      type: 'aes256-gcm96',
      exportable: false,
      allow_plaintext_backup: false,
      deletion_allowed: false,
      auto_rotate_period: 30 * 86400,
    });
  });

  it('refuses a deletable key for health data before creating anything', () => {
    expect(() => synthKeys(props({ keys: { rotationDays: 30, deletionAllowed: true } }))).toThrow(/ENC-06/);
  });

  it('allows a deletable key where the classification allows it', () => {
    const synth = synthKeys(props({ keys: { rotationDays: 30, deletionAllowed: true }, classification: healthClass({ keyDeletionAllowed: sourced(true) }) }));
    expect(synth).toHaveResourceWithProperties(TransitSecretBackendKey, { deletion_allowed: true });
  });

  it('binds the automation AppRole to the tenant network with short-lived tokens and its own policy only', () => {
    expect(synthKeys()).toHaveResourceWithProperties(ApproleAuthBackendRole, {
      role_name: 'dsp-automation',
      secret_id_bound_cidrs: ['10.21.0.0/24'],
      token_bound_cidrs: ['10.21.0.0/24'],
      token_ttl: 3600,
      secret_id_ttl: 86400,
      token_policies: [expect.stringMatching(/vault_policy\..*automation.*\.name/)],
    });
  });

  it('grants the app policy encrypt, decrypt and read, and nothing on key management', () => {
    const policies = Object.values(resourcesOf(synthKeys(), 'vault_policy'));
    const app = policies.find((p) => p.name === 'dsp-app')!.policy as string;
    expect(app).toContain('path "transit/encrypt/dsp-data"');
    expect(app).toContain('path "transit/decrypt/dsp-data"');
    expect(app).not.toMatch(/transit\/keys|sudo|\*"\s*\{[^}]*delete/);
  });

  it('enables no audit device: devices are cluster-wide and belong to the site stack', () => {
    for (const edition of ['enterprise', 'community', 'openbao'] as const) {
      const synth = synthKeys(props({ site: luSite({ vault: { ...luSite().vault, edition } }) }));
      expect(Object.keys(resourcesOf(synth, 'vault_audit'))).toEqual([]);
    }
  });

  it('refuses health keys at a site without a central audit collector', () => {
    const site = luSite({ vault: { ...luSite().vault, auditCollector: undefined } });
    expect(() => synthKeys(props({ site }))).toThrow(ResidencyError);
    expect(() => synthKeys(props({ site }))).toThrow(/KEY-02/);
  });
});
