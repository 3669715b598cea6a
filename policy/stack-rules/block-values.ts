/**
 * Names and small helpers the stack rule families share: the Vault and vSphere types several families read, and
 * how a rule reads the values of a block (a literal, a true, a nested block, a path known only after apply).
 */
import type { Site } from '../model';
import type { StackContext } from './stack-rule';
import type { TfBlock, TfProvider } from '../terraform/stack-document';

export const TRANSIT_KEY = 'vault_transit_secret_backend_key';
export const AUDIT = 'vault_audit';
export const JWT_BACKEND = 'vault_jwt_auth_backend';
export const JWT_ROLE = 'vault_jwt_auth_backend_role';
export const APPROLE_ROLE = 'vault_approle_auth_backend_role';
export const KMIP_BACKEND = 'vault_kmip_secret_backend';
export const KMIP_ROLE = 'vault_kmip_secret_role';
export const VM = 'vsphere_virtual_machine';

export const ofType = (ctx: StackContext, ...types: string[]) => ctx.doc.resources.filter((b) => types.includes(b.type));
export const isTrue = (v: unknown) => v === true || v === 'true';
/** A value written into the JSON as is: a non-empty string with no `${...}` reference in it. */
export const isLiteral = (v: unknown): v is string => typeof v === 'string' && v !== '' && !v.includes('${');
export const providerAddress = (p: TfProvider) => `provider.${p.type}${p.alias ? `.${p.alias}` : ''}`;
export const nameOf = (b: TfBlock) => JSON.stringify(b.values.name ?? b.values.role_name ?? b.values.path ?? b.name);
export const siteLabel = (s: Site) => `site ${s.id}, ${s.country}`;

/** The nested block `name` of `values` (cdktf writes a single block as an object, Terraform JSON also allows a list). */
export function nestedBlocks(values: Readonly<Record<string, unknown>>, name: string): { path: string; values: Record<string, unknown> }[] {
  const v = values[name];
  if (Array.isArray(v)) return v.flatMap((x, i) => (typeof x === 'object' && x !== null ? [{ path: `${name}.${i}`, values: x as Record<string, unknown> }] : []));
  return typeof v === 'object' && v !== null ? [{ path: name, values: v as Record<string, unknown> }] : [];
}

/** True when `path` (`ovf_deploy.0.remote_ovf_url`) or a block above it is known only after apply. */
export function unknownAt(block: TfBlock, path: string): boolean {
  const parts = path.split('.');
  return parts.some((_, i) => block.unknown.has(parts.slice(0, i + 1).join('.')));
}
