/**
 * Rules over the Vault (or OpenBao) side of a tenant stack: transit keys, KMIP, tenancy (namespace or mount
 * prefix), audit devices, CI and AppRole logins, edition-bound features, TLS verification and literal
 * credentials. Domain brief section 7: ENC-05..08, KEY-01..09.
 */
import type { Site } from '../../model';
import { hostInSite, hostOf, siteOfHost } from '../hosts';
import type { TfBlock, TfProvider } from '../stack-document';
import { stackFinding, type StackContext, type StackFinding, type StackRule } from '../stack-rule';

const TRANSIT_KEY = 'vault_transit_secret_backend_key';
const AUDIT = 'vault_audit';
const JWT_BACKEND = 'vault_jwt_auth_backend';
const JWT_ROLE = 'vault_jwt_auth_backend_role';
const APPROLE_ROLE = 'vault_approle_auth_backend_role';
const KMIP_BACKEND = 'vault_kmip_secret_backend';
const KMIP_ROLE = 'vault_kmip_secret_role';
const VM = 'vsphere_virtual_machine';

const ofType = (ctx: StackContext, ...types: string[]) => ctx.doc.resources.filter((b) => types.includes(b.type));
const isTrue = (v: unknown) => v === true || v === 'true';
/** A value written into the JSON as is: a non-empty string with no `${...}` reference in it. */
const isLiteral = (v: unknown): v is string => typeof v === 'string' && v !== '' && !v.includes('${');
const providerAddress = (p: TfProvider) => `provider.${p.type}${p.alias ? `.${p.alias}` : ''}`;
const nameOf = (b: TfBlock) => JSON.stringify(b.values.name ?? b.values.role_name ?? b.values.path ?? b.name);
const siteLabel = (s: Site) => `site ${s.id}, ${s.country}`;

// ---------------------------------------------------------------------------------------------------------
// Transit and KMIP keys
// ---------------------------------------------------------------------------------------------------------

export const ENC_05: StackRule = {
  id: 'ENC-05',
  title: 'Transit keys are never exportable nor backed up in plaintext',
  severity: 'error',
  rises: false,
  rationale: 'exportable and allow_plaintext_backup let the key material leave Vault, and once set Vault can never turn them off again.',
  fix: 'set exportable = false and allow_plaintext_backup = false; a key that already allowed either must be replaced by a new key and its data re-encrypted',
  source: 'SecNumCloud 10.5.c; Vault provider docs (transit_secret_backend_key); domain brief section 7 ENC-05',
  examines: [TRANSIT_KEY],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const key of ofType(ctx, TRANSIT_KEY)) {
      for (const attribute of ['exportable', 'allow_plaintext_backup']) {
        if (key.unknown.has(attribute) || !isTrue(key.values[attribute])) continue;
        out.push(
          stackFinding(this, ctx, key, {
            attribute,
            found: `${attribute} is true on transit key ${nameOf(key)}: the key material can leave Vault, irreversibly`,
            allowed: `${attribute} = false (the default)`,
          }),
        );
      }
    }
    return out;
  },
};

export const ENC_06_STACK: StackRule = {
  id: 'ENC-06',
  title: 'Transit keys of protected data cannot be deleted',
  severity: 'warning',
  rises: true,
  rationale: 'Deleting a transit key erases every ciphertext it protects (crypto-erasure); where the classification forbids it, that follows a formal process, not a Terraform change.',
  fix: 'set deletion_allowed = false (keys.deletionAllowed: false in the tenant file); retire a key through the documented crypto-erasure process',
  source: 'SecNumCloud 19.4.a, 11.9.a; domain brief section 7 ENC-06',
  examines: [TRANSIT_KEY],
  check(ctx) {
    const c = ctx.classification;
    if (c.keyDeletionAllowed.value) return [];
    return ofType(ctx, TRANSIT_KEY)
      .filter((key) => !key.unknown.has('deletion_allowed') && isTrue(key.values.deletion_allowed))
      .map((key) =>
        stackFinding(this, ctx, key, {
          attribute: 'deletion_allowed',
          found: `deletion_allowed is true on transit key ${nameOf(key)}`,
          allowed: `deletion_allowed = false: classification ${c.id} forbids deletable keys (${c.keyDeletionAllowed.source})`,
        }),
      );
  },
};

export const ENC_07_STACK: StackRule = {
  id: 'ENC-07',
  title: 'Transit keys rotate automatically',
  severity: 'warning',
  rises: false,
  rationale: 'A key that never rotates protects ever more data with one secret.',
  fix: 'set auto_rotate_period in seconds (keys.rotationDays in the tenant file), e.g. 7776000 for 90 days',
  source: 'SecNumCloud 10.5.a (ANSSI key management); domain brief section 7 ENC-07',
  examines: [TRANSIT_KEY],
  check(ctx) {
    return ofType(ctx, TRANSIT_KEY).flatMap((key) => {
      const period = key.values.auto_rotate_period;
      if (key.unknown.has('auto_rotate_period')) return [];
      const rotates = (typeof period === 'number' && period > 0) || (typeof period === 'string' && period !== '' && period !== '0' && !/^0+[a-z]*$/.test(period));
      if (rotates) return [];
      return [
        stackFinding(this, ctx, key, {
          attribute: 'auto_rotate_period',
          found: `transit key ${nameOf(key)} ${period === undefined ? 'has no auto_rotate_period' : `has auto_rotate_period ${JSON.stringify(period)}`}: it never rotates`,
          allowed: 'a rotation period above 0 (Vault accepts one hour or more)',
        }),
      ];
    });
  },
};

export const ENC_08: StackRule = {
  id: 'ENC-08',
  title: 'KMIP roles grant named operations only, and the KMIP listener requires TLS 1.2 or later',
  severity: 'warning',
  rises: false,
  rationale: 'operation_all lets a KMIP client (vCenter) destroy or re-key any object in its scope; TLS below 1.2 is deprecated.',
  fix: 'list the operations vCenter needs (operation_activate, operation_create, operation_get, operation_locate, ...) instead of operation_all; set tls_min_version = "tls12" or "tls13"',
  source: 'Vault KMIP secrets engine docs; SecNumCloud 10.2.c; domain brief section 7 ENC-08',
  examines: [KMIP_ROLE, KMIP_BACKEND],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const role of ofType(ctx, KMIP_ROLE)) {
      if (role.unknown.has('operation_all') || !isTrue(role.values.operation_all)) continue;
      out.push(stackFinding(this, ctx, role, { attribute: 'operation_all', found: `KMIP role ${JSON.stringify(role.values.role ?? role.name)} sets operation_all = true`, allowed: 'the named operations the client needs' }));
    }
    for (const backend of ofType(ctx, KMIP_BACKEND)) {
      const v = backend.values.tls_min_version;
      if (backend.unknown.has('tls_min_version') || typeof v !== 'string' || !/^tls1[01]$/i.test(v)) continue;
      out.push(stackFinding(this, ctx, backend, { attribute: 'tls_min_version', found: `KMIP listener accepts ${v}`, allowed: 'tls12 (the default) or tls13' }));
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------
// KEY-01: every tenant Vault resource lives in the tenant's namespace or under its mount prefix
// ---------------------------------------------------------------------------------------------------------

/** The Vault provider configuration a block uses (`provider = "vault.<alias>"`, else the default one). */
function vaultProviderOf(ctx: StackContext, block: TfBlock): TfProvider | undefined {
  const ref = block.values.provider;
  const alias = typeof ref === 'string' && ref.startsWith('vault.') ? ref.slice('vault.'.length) : undefined;
  return ctx.doc.providers.find((p) => p.type === 'vault' && p.alias === alias);
}

const joinNamespace = (...parts: string[]) => parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
const NAMESPACE_REF = /^\$\{vault_namespace\.([A-Za-z0-9_-]+)\.(path|path_fq)\}$/;

/**
 * The namespace a block lands in, relative to the root ('' is the root), or undefined when it cannot be told
 * from the JSON (a variable, an expression, a value known only after apply). A resource's `namespace` is
 * relative to its provider's; `vault_namespace.x.path` is x's own segment, `.path_fq` its whole chain.
 */
function namespaceOf(ctx: StackContext, block: TfBlock, depth = 0): string | undefined {
  if (depth > 8 || block.unknown.has('namespace')) return undefined;
  const providerNs = vaultProviderOf(ctx, block)?.values.namespace;
  if (providerNs !== undefined && !isLiteral(providerNs) && providerNs !== '') return undefined;
  const base = typeof providerNs === 'string' ? providerNs : '';
  const own = block.values.namespace;
  if (own === undefined || own === null || own === '') return joinNamespace(base);
  if (isLiteral(own)) return joinNamespace(base, own);
  const m = typeof own === 'string' ? NAMESPACE_REF.exec(own) : null;
  const target = m ? ctx.refs.block(`vault_namespace.${m[1]}`) : undefined;
  if (!m || !target || !isLiteral(target.values.path)) return undefined;
  if (m[2] === 'path') return joinNamespace(base, target.values.path);
  const parent = namespaceOf(ctx, target, depth + 1);
  return parent === undefined ? undefined : joinNamespace(parent, target.values.path);
}

/** Types whose path names a mount (secret engine or auth method), and the attribute that holds it. */
function mountPathOf(block: TfBlock): { attribute: string; kind: 'secret' | 'auth'; method: string } | undefined {
  const t = block.type;
  const method = t.replace(/^vault_/, '').replace(/_(auth|secret)_backend.*$|_secrets_mount$/, '');
  if (t === 'vault_mount' || /_secret_backend$|_secrets_mount$/.test(t)) return { attribute: 'path', kind: 'secret', method: String(block.values.type ?? method) };
  if (t === 'vault_auth_backend' || /_auth_backend$/.test(t)) return { attribute: 'path', kind: 'auth', method: String(block.values.type ?? method) };
  if (t === 'vault_generic_secret' || t === 'vault_kv_secret') return { attribute: 'path', kind: 'secret', method: 'secret' };
  // Objects inside a mount name it in `backend` or `mount`; where neither is written the provider's default
  // applies, which the JSON does not show: left alone rather than guessed.
  const kind = /_auth_backend_/.test(t) ? 'auth' : /_secret_backend_|^vault_kv_secret_v2$/.test(t) ? 'secret' : undefined;
  const attribute = ['backend', 'mount'].find((a) => a in block.values);
  return kind && attribute ? { attribute, kind, method } : undefined;
}

/** KEY-01 on an edition without namespaces: mounts under `tenants/<tenant>/`, policies named `<tenant>-...`. */
function communityTenancy(rule: StackRule, ctx: StackContext, block: TfBlock): StackFinding[] {
  const prefix = `tenants/${ctx.tenant}/`;
  if (block.type === 'vault_policy') {
    const name = block.values.name;
    if (block.unknown.has('name') || !isLiteral(name) || name.startsWith(`${ctx.tenant}-`)) return [];
    return [stackFinding(rule, ctx, block, { attribute: 'name', found: `policy ${JSON.stringify(name)} is a root policy every tenant of ${ctx.site.id} shares`, allowed: `a policy name starting with "${ctx.tenant}-"` })];
  }
  const mount = mountPathOf(block);
  if (!mount || block.unknown.has(mount.attribute)) return [];
  const raw = block.values[mount.attribute];
  if (raw !== undefined && !isLiteral(raw)) return []; // a reference: the mount it leads to is judged itself
  const path = (raw ?? mount.method).replace(/^\/+/, '');
  const authName = `${mount.method}-${ctx.tenant}`;
  if (path.startsWith(prefix) || (mount.kind === 'auth' && (path === authName || path.startsWith(`${authName}/`)))) return [];
  return [
    stackFinding(rule, ctx, block, {
      attribute: mount.attribute,
      found: `${mount.kind === 'auth' ? 'auth mount' : 'mount'} path ${JSON.stringify(path)}${raw === undefined ? ' (the default)' : ''} is outside tenant ${ctx.tenant}'s prefix on Vault ${ctx.site.vault.edition} (no namespaces)`,
      allowed: mount.kind === 'auth' ? `"${prefix}..." or "${authName}"` : `"${prefix}..."`,
    }),
  ];
}

/** The types KEY-01 is written for; it judges every other vault_* type the same way, but claims only these. */
const TENANT_VAULT_TYPES = [
  'vault_mount', 'vault_auth_backend', 'vault_policy', TRANSIT_KEY, APPROLE_ROLE, JWT_BACKEND, JWT_ROLE,
  'vault_kv_secret_backend_v2', 'vault_kv_secret_v2', 'vault_kv_secret', 'vault_generic_secret',
];

/** Vault resources that live outside a tenant namespace by design: audit devices (root-only) and the namespace. */
const ROOT_BY_DESIGN = [AUDIT, 'vault_namespace'];

export const KEY_01: StackRule = {
  id: 'KEY-01',
  title: "Every Vault resource of the tenant lives in the tenant's namespace, or under its mount prefix",
  severity: 'error',
  rises: false,
  rationale:
    'One key per customer: on Vault Enterprise and OpenBao a namespace of its own separates a tenant\'s mounts, policies and tokens; ' +
    'on Vault CE, which has none, a tenants/<tenant>/ mount prefix and tenant-named policies do. A resource in the root namespace is shared with every tenant.',
  fix: 'set namespace to the tenant namespace (TenantKeys does this), or on Vault CE mount under tenants/<tenant>/ and name policies <tenant>-...',
  source: 'SecNumCloud 9.7.a, 10.1.a; domain brief section 7 KEY-01',
  examines: [...TENANT_VAULT_TYPES, 'provider.vault'],
  check(ctx) {
    const vault = ctx.doc.resources.filter((b) => b.type.startsWith('vault_') && !ROOT_BY_DESIGN.includes(b.type));
    if (ctx.site.vault.edition === 'community') return vault.flatMap((b) => communityTenancy(this, ctx, b));
    const out: StackFinding[] = [];
    for (const b of vault) {
      const ns = namespaceOf(ctx, b);
      if (ns === undefined || ns === ctx.tenant || ns.startsWith(`${ctx.tenant}/`)) continue;
      out.push(
        stackFinding(this, ctx, b, {
          attribute: 'namespace',
          found: ns === '' ? `${b.type} ${nameOf(b)} is in the root namespace, shared by every tenant of ${ctx.site.id}` : `${b.type} ${nameOf(b)} is in namespace "${ns}"`,
          allowed: `namespace "${ctx.tenant}" or one below it`,
        }),
      );
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Audit devices
// ---------------------------------------------------------------------------------------------------------

/** Audit devices live in the root namespace (Vault Enterprise serves sys/audit there only): a tenant's are named after it. */
function auditPath(b: TfBlock): string {
  return String(b.values.path ?? b.values.type ?? b.name).replace(/^\/+|\/+$/g, '');
}
const namedAfter = (path: string, tenant: string) => path === tenant || path.endsWith(`-${tenant}`) || path.startsWith(`${tenant}-`) || path.startsWith(`tenants/${tenant}/`);
const CENTRAL = ['socket', 'syslog'];

export const KEY_02_STACK: StackRule = {
  id: 'KEY-02',
  title: 'Enough audit devices for the classification, one of them central',
  severity: 'error',
  rises: false,
  rationale:
    'Vault answers a request only if an audit device logs it; two devices (a local file and a central socket or syslog) keep the log when one is blocked and put a copy on another machine. ' +
    'Audit devices are cluster-wide and live in the root namespace, so a tenant\'s devices are those named after it (file-<tenant>, socket-<tenant>): a device at a shared path is another stack\'s to change.',
  fix: 'add the missing devices named after the tenant: type "file" at file-<tenant> and type "socket" at socket-<tenant> to the site collector (TenantKeys does this)',
  source: 'SecNumCloud 12.6.b, 12.7.c; EHDS art. 73(1)(e); domain brief section 7 KEY-02',
  examines: [AUDIT],
  check(ctx) {
    const required = ctx.classification.auditDevices.value;
    const devices = ofType(ctx, AUDIT).filter((b) => !b.unknown.has('type') && !b.unknown.has('path'));
    const own = devices.filter((b) => namedAfter(auditPath(b), ctx.tenant));
    const others = devices.filter((b) => !own.includes(b));
    const listed = own.length ? ` (${own.map((b) => `${auditPath(b)}: ${String(b.values.type)}`).join(', ')})` : '';
    const ignored = others.length ? `; not counted, not named after the tenant: ${others.map((b) => `"${auditPath(b)}"`).join(', ')}` : '';
    const allowed = `classification ${ctx.classification.id} requires ${required} audit device${required === 1 ? '' : 's'} named after the tenant${required >= 2 ? ', one of them socket or syslog' : ''} (${ctx.classification.auditDevices.source})`;
    if (own.length < required) {
      return [stackFinding(this, ctx, AUDIT, { found: `${own.length} audit device${own.length === 1 ? '' : 's'} named after tenant ${ctx.tenant}${listed}${ignored}`, allowed })];
    }
    if (required >= 2 && !own.some((b) => CENTRAL.includes(String(b.values.type)))) {
      return [stackFinding(this, ctx, AUDIT, { attribute: 'type', found: `no central device among tenant ${ctx.tenant}'s audit devices${listed}`, allowed })];
    }
    return [];
  },
};

export const KEY_03: StackRule = {
  id: 'KEY-03',
  title: "Socket audit devices send to a collector of the tenant's site",
  severity: 'error',
  rises: false,
  rationale:
    'The audit log records who used which key; it is data of the tenant and stays where the tenant\'s data may be. ' +
    'A syslog device has no destination in its options (Vault always writes to the local syslog agent), so only socket devices can be judged here.',
  fix: "set options.address to the site's audit collector (sites.yaml vault.auditCollector)",
  source: 'SecNumCloud 12.6.a, 19.2.d; Vault audit device docs (socket, syslog); domain brief section 7 KEY-03',
  examines: [AUDIT],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const device of ofType(ctx, AUDIT).filter((b) => b.values.type === 'socket')) {
      if (device.unknown.has('options') || device.unknown.has('options.address')) continue;
      const options = (device.values.options ?? {}) as Record<string, unknown>;
      const address = options.address;
      if (typeof address === 'string' && address.includes('${')) continue;
      const allowed = `a collector of site ${ctx.site.id}: ${ctx.site.vault.auditCollector ?? `a host under ${ctx.site.domains.join(', ')}`}`;
      if (typeof address !== 'string' || address === '') {
        out.push(stackFinding(this, ctx, device, { attribute: 'options.address', found: `socket audit device "${auditPath(device)}" has no options.address`, allowed }));
        continue;
      }
      if (address.startsWith('/') || options.socket_type === 'unix') continue; // a local Unix socket stays on the Vault host
      const host = hostOf(address);
      if (host && hostInSite(host, ctx.site)) continue;
      const other = host ? siteOfHost(host, ctx.catalogue) : undefined;
      out.push(
        stackFinding(this, ctx, device, {
          attribute: 'options.address',
          found: `socket audit device "${auditPath(device)}" sends to ${address}${other ? ` (${siteLabel(other)})` : ' (not a host of any registered site)'}`,
          allowed,
        }),
      );
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Logins: JWT (CI) and AppRole
// ---------------------------------------------------------------------------------------------------------

const MAX_CI_TOKEN_TTL = 3600;

export const KEY_04: StackRule = {
  id: 'KEY-04',
  title: 'JWT roles bind audiences and claims, and issue tokens of one hour at most',
  severity: 'error',
  rises: false,
  rationale:
    'Without bound audiences and claims any job of any project the issuer signs for can log in (Vault 1.17 and later refuse a JWT with aud and no bound audiences); ' +
    'a long token outlives the job that obtained it.',
  fix: 'set bound_audiences (the id_tokens aud), bound_claims (e.g. project_path and ref_protected = "true") and token_ttl <= 3600',
  source: 'GitLab id_tokens and Vault JWT auth docs; Vault 1.17 upgrade notes; domain brief section 7 KEY-04',
  examines: [JWT_ROLE],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const role of ofType(ctx, JWT_ROLE)) {
      const name = nameOf(role);
      const audiences = role.values.bound_audiences;
      if (!role.unknown.has('bound_audiences') && !(Array.isArray(audiences) && audiences.length > 0)) {
        out.push(stackFinding(this, ctx, role, { attribute: 'bound_audiences', found: `JWT role ${name} has no bound_audiences`, allowed: 'at least one audience, the aud the CI puts in its id_tokens' }));
      }
      const claims = role.values.bound_claims;
      if (!role.unknown.has('bound_claims') && !(typeof claims === 'object' && claims !== null && Object.keys(claims).length > 0)) {
        out.push(stackFinding(this, ctx, role, { attribute: 'bound_claims', found: `JWT role ${name} has no bound_claims: any project the issuer signs for can log in`, allowed: 'bound claims naming the project and protected refs (project_path, ref_protected)' }));
      }
      const ttl = role.values.token_ttl;
      if (!role.unknown.has('token_ttl') && !(typeof ttl === 'number' && ttl > 0 && ttl <= MAX_CI_TOKEN_TTL)) {
        out.push(
          stackFinding(this, ctx, role, {
            attribute: 'token_ttl',
            found: typeof ttl === 'number' && ttl > 0 ? `JWT role ${name} issues tokens for ${ttl} s` : `JWT role ${name} sets no token_ttl: tokens get the mount default (768 h unless tuned)`,
            allowed: `token_ttl between 1 and ${MAX_CI_TOKEN_TTL} seconds`,
          }),
        );
      }
    }
    return out;
  },
};

export const KEY_05: StackRule = {
  id: 'KEY-05',
  title: 'JWT logins trust an issuer of the tenant\'s site',
  severity: 'error',
  rises: false,
  rationale: 'Whoever runs the issuer can mint tokens that log in to the tenant: the CI that signs them is administration of the tenant and stays in-country, in the site.',
  fix: "point oidc_discovery_url / jwks_url / bound_issuer at the site's own CI (GitLab) host",
  source: 'SecNumCloud 19.2.c-d; domain brief section 7 KEY-05',
  examines: [JWT_BACKEND],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const backend of ofType(ctx, JWT_BACKEND)) {
      for (const attribute of ['oidc_discovery_url', 'jwks_url', 'bound_issuer']) {
        const value = backend.values[attribute];
        if (backend.unknown.has(attribute) || !isLiteral(value)) continue;
        const host = hostOf(value);
        if (host && hostInSite(host, ctx.site)) continue;
        const other = host ? siteOfHost(host, ctx.catalogue) : undefined;
        out.push(
          stackFinding(this, ctx, backend, {
            attribute,
            found: `${attribute} is ${JSON.stringify(value)}${other ? ` (${siteLabel(other)})` : ' (not a host of any registered site)'}`,
            allowed: `an issuer under ${ctx.site.domains.join(', ')} (site ${ctx.site.id})`,
          }),
        );
      }
    }
    return out;
  },
};

const nonEmptyList = (v: unknown) => Array.isArray(v) && v.length > 0;

export const KEY_06: StackRule = {
  id: 'KEY-06',
  title: 'AppRole logins are bound to the tenant network and their secret ids expire',
  severity: 'warning',
  rises: false,
  rationale: 'A secret id that works from anywhere, for ever, is a password that leaks once and stays valid.',
  fix: 'set secret_id_bound_cidrs and token_bound_cidrs to the tenant network, and secret_id_ttl (e.g. 86400)',
  source: 'SecNumCloud 9 (access control); Vault AppRole docs; domain brief section 7 KEY-06',
  examines: [APPROLE_ROLE],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const role of ofType(ctx, APPROLE_ROLE)) {
      const name = nameOf(role);
      const cidrsUnknown = role.unknown.has('secret_id_bound_cidrs') || role.unknown.has('token_bound_cidrs');
      if (!cidrsUnknown && !nonEmptyList(role.values.secret_id_bound_cidrs) && !nonEmptyList(role.values.token_bound_cidrs)) {
        out.push(stackFinding(this, ctx, role, { attribute: 'secret_id_bound_cidrs', found: `AppRole role ${name} binds neither secret ids nor tokens to a network`, allowed: 'secret_id_bound_cidrs or token_bound_cidrs set to the tenant network' }));
      }
      const ttl = role.values.secret_id_ttl;
      if (!role.unknown.has('secret_id_ttl') && !(typeof ttl === 'number' && ttl > 0)) {
        out.push(stackFinding(this, ctx, role, { attribute: 'secret_id_ttl', found: `AppRole role ${name} issues secret ids that never expire`, allowed: 'a secret_id_ttl above 0 seconds' }));
      }
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------
// KEY-07: features of one edition on a site that runs another
// ---------------------------------------------------------------------------------------------------------

/** Vault Enterprise features by resource type; `openbao` marks the ones OpenBao has as well. */
const ENTERPRISE_FEATURES: { readonly matches: (type: string) => boolean; readonly feature: string; readonly openbao: boolean }[] = [
  { matches: (t) => t === 'vault_namespace', feature: 'namespaces', openbao: true },
  { matches: (t) => t.startsWith('vault_kmip_'), feature: 'the KMIP secrets engine (Advanced Data Protection)', openbao: false },
  { matches: (t) => t === 'vault_managed_keys', feature: 'managed keys', openbao: false },
  { matches: (t) => t.startsWith('vault_secrets_sync_'), feature: 'secrets sync', openbao: false },
  { matches: (t) => t === 'vault_raft_snapshot_agent_config', feature: 'automated raft snapshots', openbao: false },
  { matches: (t) => t === 'vault_egp_policy' || t === 'vault_rgp_policy', feature: 'Sentinel policies', openbao: false },
  { matches: (t) => t.startsWith('vault_transform_'), feature: 'the Transform secrets engine (Advanced Data Protection)', openbao: false },
];

export const KEY_07: StackRule = {
  id: 'KEY-07',
  title: "No Vault Enterprise feature on a site whose custodian does not have it",
  severity: 'error',
  rises: false,
  rationale:
    'Vault CE has no namespaces, KMIP, managed keys, secrets sync, automated snapshots or seal wrapping; OpenBao has namespaces (since 2.3) but none of the others. ' +
    'Such a resource fails at apply or, worse, is silently ignored; either way it is a vendor dependency the site does not have (S6).',
  fix: "remove the resource (or seal_wrap), or place the tenant on a site whose custodian has the feature; record the custodian's edition in sites.yaml (vault.edition)",
  source: 'Vault provider docs (Enterprise-only resources); OpenBao 2.3 release notes and roadmap; SecNumCloud 19.6.d; domain brief section 7 KEY-07',
  examines: [
    'vault_namespace', KMIP_BACKEND, 'vault_kmip_secret_scope', KMIP_ROLE, 'vault_managed_keys',
    ...['aws', 'azure', 'gcp', 'gh', 'vercel'].map((d) => `vault_secrets_sync_${d}_destination`), 'vault_secrets_sync_association', 'vault_secrets_sync_config', 'vault_secrets_sync_github_apps',
    'vault_raft_snapshot_agent_config', 'vault_egp_policy', 'vault_rgp_policy',
    ...['alphabet', 'role', 'template', 'transformation'].map((x) => `vault_transform_${x}`), 'vault_mount',
  ],
  check(ctx) {
    const edition = ctx.site.vault.edition;
    if (edition === 'enterprise') return [];
    const out: StackFinding[] = [];
    const custodian = `site ${ctx.site.id} runs ${edition === 'openbao' ? 'OpenBao' : 'Vault community edition'}`;
    const allowed = edition === 'openbao' ? 'features OpenBao has: namespaces yes; KMIP server, managed keys, secrets sync, automated snapshots, seal wrapping, Sentinel, Transform no' : 'Vault community features only: no namespaces, KMIP, managed keys, secrets sync, automated snapshots, seal wrapping, Sentinel or Transform';
    for (const b of ctx.doc.resources.filter((r) => r.type.startsWith('vault_'))) {
      const feature = ENTERPRISE_FEATURES.find((f) => f.matches(b.type));
      if (feature && !(edition === 'openbao' && feature.openbao)) {
        out.push(stackFinding(this, ctx, b, { found: `${b.type} needs ${feature.feature} of Vault Enterprise; ${custodian}`, allowed }));
      }
      if (!b.unknown.has('seal_wrap') && isTrue(b.values.seal_wrap)) {
        out.push(stackFinding(this, ctx, b, { attribute: 'seal_wrap', found: `seal_wrap = true needs seal wrapping of Vault Enterprise; ${custodian}`, allowed }));
      }
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------
// KEY-08 and KEY-09: transport and credentials
// ---------------------------------------------------------------------------------------------------------

/** The nested block `name` of `values` (cdktf writes a single block as an object, Terraform JSON also allows a list). */
function nestedBlocks(values: Readonly<Record<string, unknown>>, name: string): { path: string; values: Record<string, unknown> }[] {
  const v = values[name];
  if (Array.isArray(v)) return v.flatMap((x, i) => (typeof x === 'object' && x !== null ? [{ path: `${name}.${i}`, values: x as Record<string, unknown> }] : []));
  return typeof v === 'object' && v !== null ? [{ path: name, values: v as Record<string, unknown> }] : [];
}

export const KEY_08: StackRule = {
  id: 'KEY-08',
  title: 'TLS certificates are verified everywhere',
  severity: 'error',
  rises: false,
  rationale: 'Without certificate verification anyone on the path can pose as vCenter, Vault or the state store and read the credentials and keys sent to it.',
  fix: 'remove the setting (verification is on by default) and give Terraform the site CA (VAULT_CACERT, the vCenter CA in the system store)',
  source: 'SecNumCloud 10.2.c, 10.6.a; vSphere and Vault provider docs; domain brief section 7 KEY-08',
  examines: ['provider.vault', 'provider.vsphere', VM, 'terraform.backend'],
  check(ctx) {
    const out: StackFinding[] = [];
    const off = { vault: 'skip_tls_verify', vsphere: 'allow_unverified_ssl' } as Record<string, string>;
    for (const p of ctx.doc.providers.filter((x) => off[x.type])) {
      const attribute = off[p.type];
      if (isTrue(p.values[attribute])) out.push(stackFinding(this, ctx, providerAddress(p), { attribute, found: `${attribute} is true: the ${p.type} server's certificate is not checked`, allowed: `${attribute} = false (the default)` }));
    }
    for (const vm of ofType(ctx, VM)) {
      for (const ovf of nestedBlocks(vm.values, 'ovf_deploy')) {
        const attribute = `${ovf.path}.allow_unverified_ssl_cert`;
        if (!vm.unknown.has(attribute) && isTrue(ovf.values.allow_unverified_ssl_cert)) {
          out.push(stackFinding(this, ctx, vm, { attribute, found: 'the OVF source is fetched without checking its certificate', allowed: 'allow_unverified_ssl_cert = false (the default)' }));
        }
      }
    }
    if (ctx.doc.backend?.type === 's3' && isTrue(ctx.doc.backend.values.insecure)) {
      out.push(stackFinding(this, ctx, 'terraform.backend', { attribute: 'insecure', found: 'the s3 state backend skips certificate verification (insecure = true)', allowed: 'insecure = false (the default)' }));
    }
    return out;
  },
};

/** Provider attributes that hold a secret, wherever they sit (`token`, `auth_login_userpass.password`, ...). */
const SECRET_KEYS = ['token', 'password', 'secret_id', 'jwt'];
/** Resource attributes that hold a secret. */
const SECRET_ATTRIBUTES: Record<string, string[]> = {
  vault_approle_auth_backend_role_secret_id: ['secret_id'],
  vault_approle_auth_backend_login: ['secret_id'],
  vault_jwt_auth_backend: ['oidc_client_secret'],
};
/** Backend attributes that hold a secret; a backend block cannot reference variables, so any value is literal. */
const BACKEND_SECRETS = ['access_key', 'secret_key', 'token', 'password', 'access_token'];

/** Paths below `value` whose key is one of `keys` and whose value is a literal string. */
function literalSecrets(value: unknown, keys: readonly string[], path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => literalSecrets(v, keys, `${path}${path ? '.' : ''}${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = `${path}${path ? '.' : ''}${k}`;
    return keys.includes(k) && isLiteral(v) ? [here] : literalSecrets(v, keys, here);
  });
}

/** True when a PostgreSQL connection string carries a password (URL user info, `password=` key or parameter). */
function connStrHasPassword(connStr: string): boolean {
  const url = /^postgres(?:ql)?:\/\/([^@/?#]*)@/i.exec(connStr);
  if (url && /:[^:]+/.test(url[1])) return true;
  return /(?:^|[\s?&])password\s*=\s*[^\s&]/i.test(connStr);
}

export const KEY_09: StackRule = {
  id: 'KEY-09',
  title: 'No credential is written into the Terraform JSON',
  severity: 'error',
  rises: false,
  rationale: 'A credential in cdk.tf.json is in the repository, in CI artefacts and in every plan and state file; the Vault provider also stores what it writes in state.',
  fix: 'pass credentials from the environment (VAULT_TOKEN, TF_VAR_vsphere_password, PGPASSWORD, AWS_SECRET_ACCESS_KEY) or as sensitive variables, never as literals',
  source: 'Vault provider docs (secrets in state); Terraform pg backend docs; domain brief section 7 KEY-09',
  examines: ['provider.vault', 'provider.vsphere', 'terraform.backend', ...Object.keys(SECRET_ATTRIBUTES)],
  check(ctx) {
    const out: StackFinding[] = [];
    const literal = (attribute: string) => ({ found: `${attribute} is a literal value in the JSON (value not shown)`, allowed: 'a reference to a sensitive variable, or the environment' });
    for (const p of ctx.doc.providers) {
      const keys = p.type === 'vsphere' ? ['user', 'password'] : p.type === 'vault' ? SECRET_KEYS : [];
      for (const attribute of literalSecrets(p.values, keys)) out.push(stackFinding(this, ctx, providerAddress(p), { attribute, ...literal(attribute) }));
    }
    for (const b of ctx.doc.resources.filter((r) => SECRET_ATTRIBUTES[r.type])) {
      for (const attribute of SECRET_ATTRIBUTES[b.type]) {
        if (!b.unknown.has(attribute) && isLiteral(b.values[attribute])) out.push(stackFinding(this, ctx, b, { attribute, ...literal(attribute) }));
      }
    }
    const backend = ctx.doc.backend;
    if (backend) {
      for (const attribute of BACKEND_SECRETS) {
        if (isLiteral(backend.values[attribute])) out.push(stackFinding(this, ctx, 'terraform.backend', { attribute, ...literal(attribute) }));
      }
      const conn = backend.values.conn_str;
      if (typeof conn === 'string' && connStrHasPassword(conn)) {
        out.push(stackFinding(this, ctx, 'terraform.backend', { attribute: 'conn_str', found: 'conn_str carries a password (value not shown)', allowed: 'conn_str with host and database only; the password in PGPASSWORD' }));
      }
    }
    return out;
  },
};

/** The Vault rules over synthesized Terraform and plans, in report order. */
export const VAULT_RULES: readonly StackRule[] = [ENC_05, ENC_06_STACK, ENC_07_STACK, ENC_08, KEY_01, KEY_02_STACK, KEY_03, KEY_04, KEY_05, KEY_06, KEY_07, KEY_08, KEY_09];
