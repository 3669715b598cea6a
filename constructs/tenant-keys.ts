import { Construct } from 'constructs';
import { Namespace } from '@cdktf/provider-vault/lib/namespace';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import type { TenantKeySettings, VaultEdition } from '../policy/model';
import { assertResidency } from './tenant-placement';
import { transitKeyPostconditions } from './postconditions';
import type { TenantPlacement } from '../policy/placement';

/** Props of {@link TenantKeys}. */
export interface TenantKeysProps extends TenantPlacement {
  /** Rotation and deletion settings of the tenant's transit key. */
  readonly keys: TenantKeySettings;
  /** Networks the tenant's automation logs in from; secret ids and tokens are bound to them. */
  readonly automationCidrs: string[];
  /**
   * Lifetime of an AppRole secret id, in seconds.
   * @default 86400 (one day)
   */
  readonly secretIdTtlSeconds?: number;
  /**
   * Lifetime of a token issued to the automation, in seconds.
   * @default 3600 (one hour)
   */
  readonly tokenTtlSeconds?: number;
}

/** Editions whose tenants get a namespace of their own; Vault CE has none, so it gets a mount prefix. */
const NAMESPACED: readonly VaultEdition[] = ['enterprise', 'openbao'];

/**
 * The tenant's keys and secrets in the site's Vault (or OpenBao): a namespace of its own where the edition has
 * namespaces, otherwise mounts under `tenants/<tenant>/`; a transit engine with a data key that can never be
 * exported nor backed up in plaintext, and cannot be deleted unless the classification allows it; a KV v2
 * engine; least-privilege policies; and an AppRole for the tenant's automation. No audit device: devices are
 * cluster-wide (each logs every namespace), so they belong to the site's stack (`stacks/site-stack.ts`), not to
 * one tenant's.
 */
export class TenantKeys extends Construct {
  /** The tenant's namespace, on editions that have namespaces. */
  readonly namespace?: Namespace;
  /** Path prefix of the tenant's mounts: empty inside a namespace, `tenants/<tenant>/` otherwise. */
  readonly mountPrefix: string;
  readonly transit: Mount;
  readonly dataKey: TransitSecretBackendKey;
  readonly kv: Mount;
  readonly approle: AuthBackend;
  readonly automationRole: ApproleAuthBackendRole;
  /** Name of the policy that lets the tenant's applications encrypt, decrypt and read their secrets. */
  readonly appPolicyName: string;

  constructor(scope: Construct, id: string, props: TenantKeysProps) {
    super(scope, id);
    assertResidency('TenantKeys', props, ['keys'], { keys: props.keys });
    const { tenant, site } = props;

    // deletion_allowed = false makes destroying the key fail, but unmounting the transit engine or deleting the
    // namespace destroys its keys anyway (vault provider v5.6.0, vault/resource_transit_secret_backend_key.go,
    // transitSecretBackendKeyDelete ~l.446-459, is the key's own path only): where the classification bars key
    // deletion, Terraform refuses to destroy the mount and the namespace too.
    const deletionBarred = !props.classification.keyDeletionAllowed.value;
    const guarded = deletionBarred ? { lifecycle: { preventDestroy: true } } : {};
    if (NAMESPACED.includes(site.vault.edition)) {
      this.namespace = new Namespace(this, 'namespace', { path: tenant, ...guarded });
    }
    const namespace = this.namespace?.path;
    this.mountPrefix = this.namespace ? '' : `tenants/${tenant}/`;
    // Outside a namespace, auth mounts share the root: their paths carry the tenant name.
    const rootSuffix = this.namespace ? '' : `-${tenant}`;

    this.transit = new Mount(this, 'transit', {
      namespace,
      path: `${this.mountPrefix}transit`,
      type: 'transit',
      description: `Transit encryption for tenant ${tenant}`,
      ...guarded,
    });
    this.dataKey = new TransitSecretBackendKey(this, 'data-key', {
      namespace,
      backend: this.transit.path,
      name: `${tenant}-data`,
      type: 'aes256-gcm96',
      exportable: false,
      allowPlaintextBackup: false,
      deletionAllowed: props.keys.deletionAllowed,
      autoRotatePeriod: props.keys.rotationDays * 86400,
      // The provider reads all three back from Vault (transitSecretBackendKeyRead, ~l.398-411 of the file above).
      lifecycle: { postcondition: transitKeyPostconditions({ key: `${tenant}-data`, deletionBarred }) },
    });
    this.kv = new Mount(this, 'kv', {
      namespace,
      path: `${this.mountPrefix}kv`,
      type: 'kv',
      options: { version: '2' },
      description: `Secrets of tenant ${tenant}`,
    });

    const keyPath = `${this.mountPrefix}transit`;
    const kvPath = `${this.mountPrefix}kv`;
    const appPolicy = new Policy(this, 'app-policy', {
      namespace,
      name: `${tenant}-app`,
      policy: hcl([
        [`${keyPath}/encrypt/${tenant}-data`, ['update']],
        [`${keyPath}/decrypt/${tenant}-data`, ['update']],
        [`${kvPath}/data/app/*`, ['read']],
      ]),
    });
    const automationPolicy = new Policy(this, 'automation-policy', {
      namespace,
      name: `${tenant}-automation`,
      policy: hcl([
        [`${kvPath}/data/*`, ['create', 'read', 'update', 'delete']],
        [`${kvPath}/metadata/*`, ['read', 'list']],
        [`${keyPath}/encrypt/${tenant}-data`, ['update']],
      ]),
    });

    this.approle = new AuthBackend(this, 'approle', {
      namespace,
      type: 'approle',
      path: `approle${rootSuffix}`,
      description: `AppRole logins of tenant ${tenant}'s automation`,
    });
    this.automationRole = new ApproleAuthBackendRole(this, 'automation-role', {
      namespace,
      backend: this.approle.path,
      roleName: `${tenant}-automation`,
      tokenPolicies: [automationPolicy.name],
      secretIdBoundCidrs: props.automationCidrs,
      tokenBoundCidrs: props.automationCidrs,
      secretIdTtl: props.secretIdTtlSeconds ?? 86400,
      tokenTtl: props.tokenTtlSeconds ?? 3600,
      tokenMaxTtl: (props.tokenTtlSeconds ?? 3600) * 4,
      tokenType: 'service',
    });
    // The app policy is attached by the tenant's own auth methods; export its name for them.
    this.appPolicyName = appPolicy.name;
  }
}

/** A Vault policy document granting `capabilities` on each path, in the order given. */
function hcl(rules: [string, string[]][]): string {
  return rules.map(([p, caps]) => `path "${p}" {\n  capabilities = [${caps.map((c) => `"${c}"`).join(', ')}]\n}\n`).join('\n');
}
