import type { TfBlock, TfProvider } from '../../terraform/stack-document';
import { APPROLE_ROLE, AUDIT, JWT_BACKEND, JWT_ROLE, TRANSIT_KEY, isLiteral, nameOf } from '../block-values';
import { stackFinding, type StackContext, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { trimSlashes } from './vault-paths';
import { standard } from '../../source';

/** The Vault provider configuration a block uses (`provider = "vault.<alias>"`, else the default one). */
function vaultProviderOf(ctx: StackContext, block: TfBlock): TfProvider | undefined {
  const ref = block.values.provider;
  const alias = typeof ref === 'string' && ref.startsWith('vault.') ? ref.slice('vault.'.length) : undefined;
  return ctx.doc.providers.find((p) => p.type === 'vault' && p.alias === alias);
}

const joinNamespace = (...parts: string[]) => parts.map(trimSlashes).filter(Boolean).join('/');

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
  sources: [standard('SecNumCloud 3.2, 9.7.a, 10.1.a')],
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
