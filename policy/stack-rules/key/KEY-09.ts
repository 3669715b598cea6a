import { isLiteral, providerAddress } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { standard } from '../../source';

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
  sources: [standard('SecNumCloud 3.2, 10.5.d'), standard('Vault provider docs (secrets in state)'), standard('Terraform pg backend docs')],
  examines: ['provider.vault', 'provider.vsphere', 'terraform.backend', ...Object.keys(SECRET_ATTRIBUTES)],
  scopes: ['tenant', 'site'],
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
