import type { Custodian, Site, SiteStateBackend } from '../policy/model';
import { custodianOfHost, hostOf, underSiteDomains } from '../policy/hosts';
import type { ConfigProblem } from './config-error';
import type { YamlFile } from './yaml-file';

/** A site's `stateBackend` as written in `sites.yaml`: every field optional, the schema has checked the rest. */
export interface RawStateBackend {
  readonly type: SiteStateBackend['type'];
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly sslmode?: 'require' | 'verify-ca' | 'verify-full';
  readonly schemaPrefix?: string;
  readonly endpoint?: string;
  readonly bucket?: string;
  readonly region?: string;
  readonly keyPrefix?: string;
  readonly encryptedAtRest?: boolean;
}

const PG_DEFAULTS = { port: 5432, sslmode: 'verify-full', schemaPrefix: 'govcloud_' } as const;
const S3_DEFAULT_KEY_PREFIX = 'tenants/';

/** The fields each backend type takes; any other is a mistake worth naming (an s3 `bucket` on a pg backend). */
const FIELDS: Record<SiteStateBackend['type'], readonly string[]> = {
  local: ['type'],
  pg: ['type', 'host', 'port', 'database', 'sslmode', 'schemaPrefix', 'encryptedAtRest'],
  s3: ['type', 'endpoint', 'bucket', 'region', 'keyPrefix', 'encryptedAtRest'],
};

/** The backend with its defaults resolved; a site without `stateBackend` keeps state local. */
export function resolveStateBackend(raw: RawStateBackend | undefined): SiteStateBackend {
  if (!raw || raw.type === 'local') return { type: 'local' };
  if (raw.type === 'pg') {
    return {
      type: 'pg',
      host: raw.host!,
      port: raw.port ?? PG_DEFAULTS.port,
      database: raw.database!,
      sslmode: raw.sslmode ?? PG_DEFAULTS.sslmode,
      schemaPrefix: raw.schemaPrefix ?? PG_DEFAULTS.schemaPrefix,
      encryptedAtRest: raw.encryptedAtRest ?? false,
    };
  }
  return {
    type: 's3',
    endpoint: raw.endpoint!,
    bucket: raw.bucket!,
    region: raw.region!,
    keyPrefix: raw.keyPrefix ?? S3_DEFAULT_KEY_PREFIX,
    encryptedAtRest: raw.encryptedAtRest ?? false,
  };
}

/**
 * What the schema cannot say about `sites[index].stateBackend`: fields of another backend type, and a database
 * host or object store neither under the site's own `domains` nor of one of `custodians` registered to hold state
 * (state is a residency question of its own; whether a classification allows the custodian is RES-16's to judge).
 */
export function stateBackendProblems(site: Site, raw: RawStateBackend | undefined, index: number, yaml: YamlFile, custodians: readonly Custodian[] = []): ConfigProblem[] {
  if (!raw) return [];
  const at = `sites[${index}].stateBackend`;
  const problems: ConfigProblem[] = [];
  for (const field of Object.keys(raw).filter((f) => !FIELDS[raw.type].includes(f))) {
    const owner = (['pg', 's3'] as const).find((t) => FIELDS[t].includes(field));
    problems.push(
      yaml.problem(`${at}.${field}`, `field "${field}" does not apply to a ${raw.type} backend${owner ? ` (it belongs to type ${owner})` : ''}`, `remove it, or set type to ${owner ?? 'pg or s3'}; a ${raw.type} backend takes: ${FIELDS[raw.type].join(', ')}`),
    );
  }
  const backend = site.stateBackend;
  if (backend?.type === 'pg') {
    const problem = outsideSite(site, backend.host.toLowerCase(), 'database', custodians);
    if (problem) problems.push(yaml.problem(`${at}.host`, problem.message, problem.fix));
  } else if (backend?.type === 's3') {
    const host = hostOf(backend.endpoint);
    const problem = host ? outsideSite(site, host, 'object store', custodians) : { message: `endpoint ${JSON.stringify(backend.endpoint)} has no host`, fix: 'write https://<object store host of the site>[:port]' };
    if (problem) problems.push(yaml.problem(`${at}.endpoint`, problem.message, problem.fix));
  }
  return problems;
}

/**
 * Why `host` is no place for the state of `site`'s tenants, or undefined when it is under one of its domains or
 * is a host of a custodian registered to hold state.
 */
function outsideSite(site: Site, host: string, what: string, custodians: readonly Custodian[]): { message: string; fix: string } | undefined {
  if (underSiteDomains(host, site)) return undefined;
  const custodian = custodianOfHost(host, custodians);
  if (custodian?.holds.includes('state')) return undefined;
  if (custodian) {
    return {
      message: `${what} host ${host} is held by custodian ${custodian.id}, which is registered to hold ${custodian.holds.join(', ')}, not state`,
      fix: `add state to the holds of custodian ${custodian.id} if it keeps Terraform state, or use a host of site ${site.id} for the ${what}${site.domains.length ? `, under ${site.domains.join(' or ')}` : ''}`,
    };
  }
  if (site.domains.length === 0) {
    return { message: `${what} host ${host} cannot be placed: site ${site.id} declares no domains`, fix: `add the DNS suffix of the site's hosts to its domains, then use a host under it for the ${what}` };
  }
  return {
    message: `${what} host ${host} is not under the domains of site ${site.id} (${site.domains.join(', ')}): tenant state would leave the site`,
    fix: `use a host of site ${site.id} for the ${what}, under ${site.domains.join(' or ')}, or of a custodian registered to hold state (custodians: in sites.yaml)`,
  };
}
