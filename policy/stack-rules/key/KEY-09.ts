/**
 * Logins and transport: CI JWT roles and issuers (KEY-04, KEY-05), AppRole bounds (KEY-06), TLS verification (KEY-08), literal credentials (KEY-09).
 */
import { hostInSite, hostOf, siteOfHost } from '../../hosts';
import { stackFinding, type StackFinding, type StackRule } from '../stack-rule';
import { APPROLE_ROLE, JWT_BACKEND, JWT_ROLE, VM, isLiteral, isTrue, nameOf, nestedBlocks, ofType, providerAddress, siteLabel } from '../block-values';

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
  fix: 'pass credentials from the environment (VAULT_TOKEN, VSPHERE_PASSWORD, PGPASSWORD, AWS_SECRET_ACCESS_KEY) or as sensitive variables, never as literals',
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
