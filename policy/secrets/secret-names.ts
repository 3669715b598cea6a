/**
 * Attribute names that carry a secret whether or not the provider marks them sensitive. A name matches when it is
 * one of these or ends with `_` and one of these (`vsphere_password`, `root_token`, `db_conn_str`), after camelCase
 * is read as snake_case (`clientSecret`). Write-only attributes (`*_wo`, Terraform 1.11) match too.
 */
export const SECRET_ATTRIBUTE_NAMES: readonly string[] = [
  'password', 'passwd', 'token', 'secret', 'secret_id', 'client_secret', 'private_key', 'access_key', 'secret_key',
  'conn_str', 'connection_string', 'api_key', 'credentials',
];

/** True for an attribute or object key that names a secret ({@link SECRET_ATTRIBUTE_NAMES}, `*_wo`). */
export function isSecretName(key: string): boolean {
  const name = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
  return name.endsWith('_wo') || SECRET_ATTRIBUTE_NAMES.some((n) => name === n || name.endsWith(`_${n}`));
}
