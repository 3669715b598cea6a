/**
 * Tenancy in Vault: namespace or mount prefix (KEY-01), audit devices (KEY-02, KEY-03), edition-bound features (KEY-07).
 */
import { hostInSite, hostOf, siteOfHost } from '../../hosts';
import type { TfBlock, TfProvider } from '../../terraform/stack-document';
import { stackFinding, type StackContext, type StackFinding, type StackRule } from '../stack-rule';
import { APPROLE_ROLE, AUDIT, JWT_BACKEND, JWT_ROLE, KMIP_BACKEND, KMIP_ROLE, TRANSIT_KEY, isLiteral, isTrue, nameOf, ofType, siteLabel } from '../block-values';


/** The Vault provider configuration a block uses (`provider = "vault.<alias>"`, else the default one). */
function vaultProviderOf(ctx: StackContext, block: TfBlock): TfProvider | undefined {
  const ref = block.values.provider;
  const alias = typeof ref === 'string' && ref.startsWith('vault.') ? ref.slice('vault.'.length) : undefined;
  return ctx.doc.providers.find((p) => p.type === 'vault' && p.alias === alias);
}

const joinNamespace = (...parts: string[]) => parts.map(trimSlashes).filter(Boolean).join('/');

/** `s` without leading and trailing slashes; a loop, since `/\/+$/g` retries every offset of a long run of them. */
function trimSlashes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === '/') start++;
  while (end > start && s[end - 1] === '/') end--;
  return s.slice(start, end);
}
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
  return trimSlashes(String(b.values.path ?? b.values.type ?? b.name));
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

