import { LocalBackend, PgBackend, S3Backend, type TerraformBackend, type TerraformStack } from 'cdktf';
import { assertResidency } from '../constructs/tenant-placement';
import type { TenantPlacement } from '../policy/placement';
import type { PgStateBackend, S3StateBackend, Site } from '../policy/model';

/** Where local state lives: relative to the stack folder, so the output does not depend on where it was synthesized. */
export const LOCAL_STATE_PATH = 'terraform.tfstate';

/** The PostgreSQL schema of a tenant's state: the site's prefix and the tenant name with `-` as `_` (`govcloud_dsp_ng`). */
export function pgSchemaName(backend: Pick<PgStateBackend, 'schemaPrefix'>, tenant: string): string {
  return `${backend.schemaPrefix}${tenant.replace(/-/g, '_')}`;
}

/**
 * The pg backend's `conn_str`: host, port, database and sslmode only. User and password stay in the libpq
 * environment (`PGUSER`, `PGPASSWORD`), which the pg backend reads, so no credential reaches the stack JSON.
 */
export function pgConnStr(backend: Pick<PgStateBackend, 'host' | 'port' | 'database' | 'sslmode'>): string {
  const host = backend.host.includes(':') ? `[${backend.host}]` : backend.host;
  return `postgres://${host}:${backend.port}/${encodeURIComponent(backend.database)}?sslmode=${backend.sslmode}`;
}

/** The object key of a tenant's state in the site's bucket (`tenants/dsp-ng/terraform.tfstate`). */
export function s3StateKey(backend: Pick<S3StateBackend, 'keyPrefix'>, tenant: string): string {
  return `${backend.keyPrefix}${tenant}/terraform.tfstate`;
}

/**
 * Adds to `stack` the Terraform backend that the tenant's site declares (`stateBackend` in `sites.yaml`):
 *
 * - `local`: `terraform.tfstate` in the stack folder;
 * - `pg`: Terraform's pg backend on the site's database, one schema per tenant ({@link pgSchemaName});
 * - `s3`: Terraform's s3 backend on the site's object store, one key per tenant ({@link s3StateKey}), path-style
 *   URLs, no AWS credential, account, region or metadata check, and S3-native locking (`use_lockfile`).
 *
 * Refuses first, with a {@link ResidencyError}, a tenant whose site breaks the state rules (a local backend where
 * the site requires remote state) or the placement rules. Credentials are never written: pg reads
 * `PGUSER`/`PGPASSWORD`, s3 reads `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`.
 */
export function addStateBackend(stack: TerraformStack, placement: TenantPlacement): TerraformBackend {
  assertResidency('TenantStateBackend', placement, ['state']);
  return addBackendOf(stack, placement.site, placement.tenant);
}

/**
 * The backend of {@link addStateBackend} for the stack named `name` (a tenant, or `site-<id>` for a site stack),
 * without the tenant rules: a site stack has no tenant to judge.
 */
export function addBackendOf(stack: TerraformStack, site: Site, name: string): TerraformBackend {
  const backend = site.stateBackend ?? { type: 'local' };
  switch (backend.type) {
    case 'pg':
      return new PgBackend(stack, { connStr: pgConnStr(backend), schemaName: pgSchemaName(backend, name) });
    case 's3': {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: s3StateKey(backend, name),
        region: backend.region,
        endpoints: { s3: backend.endpoint },
        usePathStyle: true,
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipRegionValidation: true,
        skipMetadataApiCheck: true,
      });
      // cdktf 0.21 has no prop for it; Terraform 1.10 and later lock in the bucket itself, without DynamoDB.
      s3.addOverride('use_lockfile', true);
      return s3;
    }
    default:
      return new LocalBackend(stack, { path: LOCAL_STATE_PATH });
  }
}
