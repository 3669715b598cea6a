/**
 * Rules over where Terraform state goes (STA-01 to STA-05). State holds every secret the Vault provider reads or
 * writes, in clear (Terraform docs, sensitive data in state): its location is a residency question of its own.
 *
 * Plans (`terraform show -json`) do not record the backend, so the backend rules judge synthesized JSON only.
 */
import type { Site } from '../model';
import { siteAllowsPlacement } from '../tenant-rules/res';
import { custodyProblem, registeredFor } from '../tenant-rules/res/custody';
import { custodianOfHost, hostOf, siteOfHost } from '../hosts';
import { stackFinding, type StackContext, type StackRule } from './stack-rule';
import type { StackFinding } from '../finding';
import { standard } from '../source';

const BACKEND = 'terraform.backend';

/** The backend as far as the document records it; undefined for plans, which do not. */
const backendOf = (ctx: StackContext) => (ctx.doc.origin.kind === 'synth' ? ctx.doc.backend : undefined);

/** A site that may keep this tenant's state: the enclave itself, or a connected site the classification allows. */
const mayKeepState = (ctx: StackContext, s: Site) => (ctx.site.airGapped || s.airGapped ? s.id === ctx.site.id : siteAllowsPlacement(s, ctx.classification));

/** Where state of this tenant may be kept, in words. */
function allowedStateSites(ctx: StackContext): string {
  if (ctx.site.airGapped) return `a host of site ${ctx.site.id} (under ${ctx.site.domains.join(', ')}), inside the enclave`;
  const ok = ctx.catalogue.filter((s) => mayKeepState(ctx, s)).map((s) => `${s.id} (${s.domains.join(', ')})`);
  const custodians = registeredFor(ctx, 'state');
  return `a host of a site allowed for ${ctx.classification.id}: ${ok.length ? ok.join('; ') : 'none registered'}${custodians === 'none registered' ? '' : `; or a custodian of Terraform state it allows (${custodians})`}`;
}

/** The sources a state custodian is judged on where the classification names none (see RES-16). */
const STATE_CUSTODY_SOURCES = [standard('Terraform docs (sensitive data in state)'), standard('SecNumCloud 3.2, 19.6.a-b')];

/**
 * Why `host` is not a place for this tenant's state, or undefined when it is: a host of a site the classification
 * allows (the tenant's own site first, for sites sharing a DNS domain), or of a registered custodian of state it allows.
 */
function stateHostProblem(ctx: StackContext, host: string): string | undefined {
  const site: Site | undefined = siteOfHost(host, ctx.catalogue, ctx.site);
  if (!site && custodianOfHost(host, ctx.custodians ?? [])) {
    const p = custodyProblem(ctx, host, 'state', STATE_CUSTODY_SOURCES);
    return p && `${host}, which ${p.where}${p.constraints ? `; ${p.constraints}` : ''}`;
  }
  if (!site) return `${host} is not a host of any registered site`;
  if (ctx.site.airGapped && site.id !== ctx.site.id) return `${host} is at site ${site.id}, outside the enclave ${ctx.site.id}`;
  if (site.airGapped && site.id !== ctx.site.id) return `${host} is inside the enclave ${site.id}, which nothing outside it reaches`;
  if (!mayKeepState(ctx, site)) return `${host} is at site ${site.id} (${site.country}), which classification ${ctx.classification.id} does not allow`;
  return undefined;
}

/**
 * STA-01's fix in the terms of the one file a person edits: synth writes every stack's backend from the
 * `stateBackend` of its site in `sites.yaml` (a custodian's host is in the docs and in what the rule allows).
 */
function siteBackendFix(ctx: StackContext): string {
  const hosts = ctx.site.domains.length ? `a host under ${ctx.site.domains.join(' or ')}` : 'a host of the site (declare its domains first)';
  return `set stateBackend of site ${ctx.site.id} to type pg or s3 on ${hosts} (docs/state-backends.md)`;
}

/** Backend types whose location another rule judges; `local` is judged here. */
const JUDGED_BACKENDS = ['local', 's3', 'pg'];

export const STA_01: StackRule = {
  id: 'STA-01',
  title: 'State goes to a remote backend in an allowed site',
  severity: 'error',
  rises: false,
  rationale:
    'Local state is plain JSON, with every secret the Vault provider handled, on whichever machine ran Terraform. ' +
    'A stack without a backend does the same without anyone having decided it; HCP Terraform and cloud backends keep state outside the site. ' +
    'Local state is a warning (the examples synthesize offline with local state) and an error on a site whose catalogue entry says remoteStateRequired.',
  fix:
    "set the site's stateBackend in config/sites.yaml to type pg or s3 on a host of the site (docs/state-backends.md); " +
    'in a stack written by hand, a pg backend (conn_str host in the site, sslmode=verify-full) or an s3 backend on the site object store (endpoints.s3 in the site, use_lockfile = true)',
  sources: [standard('Terraform docs (sensitive data in state)')],
  examines: [BACKEND],
  scopes: ['tenant', 'site'],
  check(ctx) {
    if (ctx.doc.origin.kind !== 'synth') return [];
    const required = ctx.site.remoteStateRequired === true;
    // Public data may keep local state, for development, unless its site says otherwise: a choice of this toolkit.
    if (ctx.classification.id === 'public' && !required) return [];
    const backend = ctx.doc.backend;
    if (!backend) {
      return [stackFinding(this, ctx, BACKEND, { found: 'no backend: Terraform keeps state in a local terraform.tfstate nobody chose', allowed: `a pg or s3 backend at ${allowedStateSites(ctx)}`, fix: siteBackendFix(ctx) })];
    }
    if (backend.type === 'local') {
      // Terraform's own default path says nothing the reader does not know.
      const path = typeof backend.values.path === 'string' && backend.values.path !== 'terraform.tfstate' ? ` (path ${JSON.stringify(backend.values.path)})` : '';
      const finding = stackFinding(this, ctx, BACKEND, {
        attribute: 'local',
        found: `state is a local file${path}, in clear, on the machine that runs Terraform${required ? `, and site ${ctx.site.id} requires remote state (remoteStateRequired)` : ''}`,
        allowed: `a pg or s3 backend at ${allowedStateSites(ctx)}`,
        fix: siteBackendFix(ctx),
      });
      return [required ? finding : { ...finding, severity: 'warning' as const }];
    }
    if (JUDGED_BACKENDS.includes(backend.type)) return [];
    return [
      stackFinding(this, ctx, BACKEND, {
        attribute: backend.type,
        found: `backend "${backend.type}"${['remote', 'cloud'].includes(backend.type) ? ' keeps state in HCP Terraform, outside the site' : ' is not one whose location the toolkit can check'}`,
        allowed: `a pg or s3 backend at ${allowedStateSites(ctx)}`,
      }),
    ];
  },
};

/** A string endpoint from `endpoints.<service>` or its pre-1.6 top-level name. */
function s3Endpoint(values: Readonly<Record<string, unknown>>, service: string, legacy: string): { attribute: string; value: string } | undefined {
  const endpoints = values.endpoints;
  const modern = typeof endpoints === 'object' && endpoints !== null ? (endpoints as Record<string, unknown>)[service] : undefined;
  if (typeof modern === 'string' && modern !== '') return { attribute: `endpoints.${service}`, value: modern };
  const old = values[legacy];
  return typeof old === 'string' && old !== '' ? { attribute: legacy, value: old } : undefined;
}

export const STA_02: StackRule = {
  id: 'STA-02',
  title: 'An s3 state backend is an object store of an allowed site, with S3-native locking',
  severity: 'error',
  rises: false,
  rationale:
    'Without a custom endpoint the s3 backend talks to AWS; without skip_credentials_validation and skip_requesting_account_id it also asks AWS STS/IAM who it is, ' +
    'and DynamoDB locking without an endpoint is a table at AWS. use_lockfile (Terraform 1.10) locks in the bucket itself.',
  fix: 'set endpoints = { s3 = "https://<object store of the site>" }, use_path_style = true, skip_credentials_validation = true, skip_requesting_account_id = true, use_lockfile = true, and drop dynamodb_table',
  sources: [standard('SecNumCloud 3.2, 19.2.d'), standard('Terraform s3 backend docs')],
  examines: [BACKEND],
  scopes: ['tenant', 'site'],
  check(ctx) {
    const backend = backendOf(ctx);
    if (backend?.type !== 's3') return [];
    const v = backend.values;
    const out: StackFinding[] = [];
    const allowed = `${allowedStateSites(ctx)}`;
    const inSite = (e: { value: string } | undefined) => Boolean(e && hostOf(e.value) && !stateHostProblem(ctx, hostOf(e.value)!));

    const s3 = s3Endpoint(v, 's3', 'endpoint');
    if (!s3) {
      out.push(stackFinding(this, ctx, BACKEND, { attribute: 'endpoints.s3', found: `no endpoints.s3: state goes to AWS S3${typeof v.region === 'string' ? ` in ${v.region}` : ''}, bucket ${JSON.stringify(v.bucket ?? '?')}`, allowed }));
    } else {
      const host = hostOf(s3.value);
      const problem = host ? stateHostProblem(ctx, host) : `${JSON.stringify(s3.value)} has no host`;
      if (problem) out.push(stackFinding(this, ctx, BACKEND, { attribute: s3.attribute, found: `state goes to ${problem}`, allowed }));
    }

    const sts = s3Endpoint(v, 'sts', 'sts_endpoint');
    const iam = s3Endpoint(v, 'iam', 'iam_endpoint');
    if (v.skip_credentials_validation !== true && !inSite(sts)) {
      out.push(stackFinding(this, ctx, BACKEND, { attribute: 'skip_credentials_validation', found: 'skip_credentials_validation is not true and no in-site endpoints.sts: terraform init validates the credentials with AWS STS', allowed: 'skip_credentials_validation = true (or an STS endpoint in the site)' }));
    }
    if (v.skip_requesting_account_id !== true && !(inSite(sts) && inSite(iam))) {
      out.push(stackFinding(this, ctx, BACKEND, { attribute: 'skip_requesting_account_id', found: 'skip_requesting_account_id is not true and endpoints.iam/sts are not in the site: the backend asks AWS IAM/STS for the account id', allowed: 'skip_requesting_account_id = true (or IAM and STS endpoints in the site)' }));
    }

    if (typeof v.dynamodb_table === 'string' && v.dynamodb_table !== '') {
      const dynamo = s3Endpoint(v, 'dynamodb', 'dynamodb_endpoint');
      const host = dynamo && hostOf(dynamo.value);
      const problem = !dynamo ? 'AWS DynamoDB (no endpoints.dynamodb)' : host ? stateHostProblem(ctx, host) : `${JSON.stringify(dynamo.value)}, which has no host`;
      if (problem) out.push(stackFinding(this, ctx, BACKEND, { attribute: dynamo?.attribute ?? 'dynamodb_table', found: `the lock table ${JSON.stringify(v.dynamodb_table)} is at ${problem}`, allowed: `use_lockfile = true and no dynamodb_table, or a lock table at ${allowed}` }));
    }
    if (v.use_lockfile !== true) {
      out.push(stackFinding(this, ctx, BACKEND, { attribute: 'use_lockfile', found: `use_lockfile is ${v.use_lockfile === undefined ? 'not set' : JSON.stringify(v.use_lockfile)}: ${v.dynamodb_table ? 'state is locked through DynamoDB' : 'state is not locked'}`, allowed: 'use_lockfile = true (S3-native locking, Terraform 1.10 or later)' }));
    }
    return out;
  },
};

/** `%2Fvar%2Frun%2Fpostgresql` gives the socket folder; a malformed escape is kept as written. */
function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The hosts and sslmode of a libpq connection string, URL (`postgres://u@h1,h2:5432/db?sslmode=...`) or key=value. */
function parseConnStr(connStr: string): { hosts: string[]; sslmode?: string } {
  const url = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?([^/?#]*)[^?#]*(?:\?([^#]*))?/i.exec(connStr.trim());
  if (url) {
    const params = new URLSearchParams(url[2] ?? '');
    const hostParam = params.get('host');
    const hosts = hostParam !== null ? hostParam.split(',') : url[1].split(',').map((h) => decoded(h.replace(/^\[([^\]]*)\](?::\d+)?$|:\d+$/, '$1')));
    return { hosts: hosts.map((h) => h.trim().toLowerCase()), sslmode: params.get('sslmode') ?? undefined };
  }
  const pairs = new Map<string, string>();
  for (const m of connStr.matchAll(/\b(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/g)) pairs.set(m[1].toLowerCase(), m[2].replace(/^'|'$/g, ''));
  const hosts = (pairs.get('host') ?? pairs.get('hostaddr') ?? '').split(',').map((h) => h.trim().toLowerCase());
  return { hosts, sslmode: pairs.get('sslmode') };
}

/** The database is on the machine that runs Terraform: no host (default Unix socket), a socket folder, or loopback. */
const isLoopback = (host: string) => host === '' || host.startsWith('/') || host === 'localhost' || host === '::1' || /^127\./.test(host);

/** sslmode values that send state in clear to a server that does not insist on TLS. */
const PLAINTEXT_SSLMODES = ['disable', 'allow', 'prefer'];

export const STA_03: StackRule = {
  id: 'STA-03',
  title: 'A pg state backend is a database of an allowed site, reached over TLS',
  severity: 'error',
  rises: false,
  rationale:
    'The pg backend keeps state wherever conn_str points, and sslmode disable/allow/prefer lets it cross the network in clear. ' +
    'An absent sslmode is not judged (the driver default is not read from the JSON). ' +
    'Without conn_str (PG_CONN_STR at run time) the location cannot be seen: a warning asks for a conn_str with host and database only, the credentials staying in PGUSER/PGPASSWORD.',
  fix: "write conn_str = \"postgres://<database host of the site>/terraform?sslmode=verify-full\" and keep user and password in PGUSER/PGPASSWORD",
  sources: [standard('SecNumCloud 3.2, 19.2.d, 10.2.c'), standard('Terraform pg backend docs')],
  examines: [BACKEND],
  scopes: ['tenant', 'site'],
  check(ctx) {
    const backend = backendOf(ctx);
    if (backend?.type !== 'pg') return [];
    const conn = backend.values.conn_str;
    const allowed = `${allowedStateSites(ctx)}`;
    if (typeof conn !== 'string' || conn === '' || conn.includes('${')) {
      const finding = stackFinding(this, ctx, BACKEND, { attribute: 'conn_str', found: 'no conn_str: PG_CONN_STR at run time decides where state goes, which this check cannot see', allowed: `a conn_str naming a database host at ${allowed}` });
      return [{ ...finding, severity: 'warning' as const }];
    }
    const { hosts, sslmode } = parseConnStr(conn);
    const out: StackFinding[] = [];
    const remote = hosts.filter((h) => !isLoopback(h));
    for (const host of remote) {
      const problem = stateHostProblem(ctx, host);
      if (problem) out.push(stackFinding(this, ctx, BACKEND, { attribute: 'conn_str', found: `state goes to ${problem}`, allowed }));
    }
    if (remote.length && sslmode && PLAINTEXT_SSLMODES.includes(sslmode.toLowerCase())) {
      out.push(stackFinding(this, ctx, BACKEND, { attribute: 'conn_str', found: `sslmode=${sslmode} for ${remote.join(', ')}: state may cross the network unencrypted`, allowed: 'sslmode=verify-full (or verify-ca, require) for a database on another machine' }));
    }
    return out;
  },
};

/** The hosts a remote backend keeps state on: the pg database hosts, or the s3 endpoint's host. */
function backendHosts(type: string, values: Readonly<Record<string, unknown>>): string[] {
  if (type === 'pg') {
    const conn = values.conn_str;
    return typeof conn === 'string' && !conn.includes('${') ? parseConnStr(conn).hosts.filter((h) => !isLoopback(h)) : [];
  }
  if (type === 's3') {
    const endpoint = s3Endpoint(values, 's3', 'endpoint');
    const host = endpoint && hostOf(endpoint.value);
    return host ? [host] : [];
  }
  return [];
}

/** Whether `site` registers a state backend of `type` on `host` as encrypted at rest. */
function registeredEncrypted(site: Site, type: string, host: string): boolean {
  const b = site.stateBackend;
  if (!b || b.type !== type || b.type === 'local' || !b.encryptedAtRest) return false;
  return (b.type === 'pg' ? b.host.toLowerCase() : hostOf(b.endpoint)) === host;
}

export const STA_04: StackRule = {
  id: 'STA-04',
  title: 'Remote state is on a store the site registers as encrypted at rest',
  severity: 'warning',
  rises: true,
  rationale:
    'State holds every secret the Vault provider handled, in clear JSON; on a remote store it is one disk or backup away from being read. ' +
    'Terraform itself cannot encrypt it (OpenTofu can, with terraform.encryption), so the evidence is the site catalogue: the pg database or object store is registered with encryptedAtRest, an attested fact of the site. ' +
    'Local state is STA-01\'s concern.',
  fix: "keep state on the site's registered stateBackend and, once its encryption at rest is attested, set encryptedAtRest: true on it in config/sites.yaml",
  sources: [standard('Terraform docs (sensitive data in state)'), standard('OpenTofu state encryption docs'), standard('SecNumCloud 3.2, 10.1.a')],
  examines: [BACKEND],
  scopes: ['tenant', 'site'],
  check(ctx) {
    const backend = backendOf(ctx);
    if (!backend) return [];
    return backendHosts(backend.type, backend.values).flatMap((host) => {
      // The tenant's own site first: two sites may share a DNS domain, and a custodian's host is under neither.
      if (registeredEncrypted(ctx.site, backend.type, host)) return [];
      const site = siteOfHost(host, ctx.catalogue, ctx.site);
      if (site && registeredEncrypted(site, backend.type, host)) return [];
      const custodian = site ? undefined : custodianOfHost(host, ctx.custodians ?? []);
      const where = site
        ? `site ${site.id} registers no ${backend.type} state backend on ${host} with encryptedAtRest: true`
        : custodian
          ? `site ${ctx.site.id} registers no ${backend.type} state backend on ${host} (custodian ${custodian.id}) with encryptedAtRest: true`
          : `${host} is not a host of any registered site`;
      return [stackFinding(this, ctx, BACKEND, { attribute: backend.type, found: `no evidence that state at ${host} is encrypted at rest: ${where}`, allowed: 'a state backend the site catalogue registers with encryptedAtRest: true' })];
    });
  },
};

/** Vault resources and data sources whose secret values Terraform keeps in state and plan files. */
const SECRET_IN_STATE = ['vault_kv_secret', 'vault_kv_secret_v2', 'vault_generic_secret'];

export const STA_05: StackRule = {
  id: 'STA-05',
  title: 'No secret values of protected data pass through Terraform state',
  severity: 'warning',
  rises: false,
  rationale:
    'The Vault provider keeps every secret it writes or reads in state and plan files, in clear. For the classifications whose warnings are errors ' +
    '(health, social-security, health-research, classified), a secret written by Terraform is one more copy outside Vault.',
  fix: 'write secrets into Vault outside Terraform (the tenant automation AppRole), or use data_json_wo on vault_kv_secret_v2 (write-only, Terraform 1.11 or later); do not read them back with data sources',
  sources: [standard('Vault provider docs (secrets in state)')],
  examines: [...SECRET_IN_STATE, ...SECRET_IN_STATE.map((t) => `data.${t}`)],
  check(ctx) {
    // The classification has no "secrets in state" fact yet; warningsAreErrors marks exactly health, health-research and classified.
    if (!ctx.classification.warningsAreErrors?.value) return [];
    const out: StackFinding[] = [];
    for (const b of ctx.doc.resources.filter((r) => SECRET_IN_STATE.includes(r.type))) {
      const writesInClear = b.values.data_json !== undefined || b.values.data_json_wo === undefined;
      if (!writesInClear) continue;
      out.push(stackFinding(this, ctx, b, { attribute: 'data_json', found: `${b.type} ${JSON.stringify(b.values.name ?? b.values.path ?? b.name)} writes its secret into state and plan files in clear`, allowed: `no secret values in Terraform for classification ${ctx.classification.id}, or write-only data_json_wo` }));
    }
    for (const b of ctx.doc.dataSources.filter((d) => SECRET_IN_STATE.includes(d.type))) {
      out.push(stackFinding(this, ctx, b, { found: `data source ${b.type} ${JSON.stringify(b.values.name ?? b.values.path ?? b.name)} reads a secret into state and plan files in clear`, allowed: `no secret values in Terraform for classification ${ctx.classification.id}` }));
    }
    return out;
  },
};
