/**
 * Where one tenant's VMs, keys and state live, read from its stack and named with the site catalogue: the facts
 * a reviewer compares before and after a change (and the Mermaid diagram of the markdown report draws).
 */
import type { Site } from '../model';
import { ReferenceResolver } from '../terraform/references';
import type { StackDocument } from '../terraform/stack-document';
import type { TenantPlacementSummary } from './diff-model';
import { SiteLookup } from './site-lookup';

const DATACENTER = 'vsphere_datacenter';
const VM = 'vsphere_virtual_machine';
const TAG = 'vsphere_tag';
const TAG_CATEGORY = 'vsphere_tag_category';
/** Tag categories named `<tenant>-classification` hold the tenant's classification tag (TenantTags). */
const CLASSIFICATION_CATEGORY = /-classification$/;

/** The datacenter names `doc` looks up, sorted. */
const datacentersOf = (doc: StackDocument) => [...new Set(doc.dataSources.filter((b) => b.type === DATACENTER).map((b) => b.values.name).filter(isLiteral))].sort();

/** The site of the tenant `doc` describes: by its datacenter, else by its vCenter. */
export function siteOfStack(doc: StackDocument, lookup: SiteLookup): Site | undefined {
  return datacentersOf(doc).map((d) => lookup.siteOfDatacenter(d)).find((s) => s) ?? lookup.siteOfVcenter(firstProvider(doc, 'vsphere', 'vsphere_server'));
}

/** The placement of the tenant `doc` describes. Sites come from the catalogue: by datacenter, else by vCenter. */
export function placementSummary(doc: StackDocument, sites: readonly Site[] | SiteLookup): TenantPlacementSummary {
  const lookup = sites instanceof SiteLookup ? sites : new SiteLookup(sites);
  const datacenters = datacentersOf(doc);
  const vcenter = firstProvider(doc, 'vsphere', 'vsphere_server');
  const site = siteOfStack(doc, lookup);
  return {
    site: site?.id,
    country: site?.country,
    datacenters,
    vcenter,
    vault: firstProvider(doc, 'vault', 'address'),
    state: stateLocation(doc),
    classification: classificationTag(doc),
    vms: doc.resources.filter((b) => b.type === VM).length,
  };
}

const isLiteral = (v: unknown): v is string => typeof v === 'string' && !v.includes('${');

/** `attribute` of the default (unaliased) provider of `type`, else of the first one. */
function firstProvider(doc: StackDocument, type: string, attribute: string): string | undefined {
  const of = doc.providers.filter((p) => p.type === type);
  const chosen = of.find((p) => !p.alias) ?? of[0];
  const v = chosen?.values[attribute];
  return isLiteral(v) ? v : undefined;
}

/** `local: terraform.tfstate`, `s3: https://s3.example/bucket/key`, `pg: db.example:5432`; never a credential. */
function stateLocation(doc: StackDocument): string | undefined {
  const b = doc.backend;
  if (!b) return undefined;
  const v = b.values;
  const text = (x: unknown) => (isLiteral(x) ? x : undefined);
  let where: string | undefined;
  switch (b.type) {
    case 'local':
      where = text(v.path) ?? 'terraform.tfstate';
      break;
    case 's3': {
      const endpoints = typeof v.endpoints === 'object' && v.endpoints !== null ? (v.endpoints as Record<string, unknown>) : {};
      const endpoint = text(endpoints.s3) ?? text(v.endpoint) ?? 'AWS S3';
      where = [endpoint, text(v.bucket), text(v.key)].filter(Boolean).join('/');
      break;
    }
    case 'pg':
      where = hostOfConnString(text(v.conn_str));
      break;
    default:
      where = text(v.address) ?? text(v.hostname) ?? text(v.endpoint) ?? text(v.path);
  }
  return where ? `${b.type}: ${where}` : b.type;
}

/** `postgres://user:secret@db.example:5432/tf` gives `db.example:5432`: the password never reaches a report. */
function hostOfConnString(conn: string | undefined): string | undefined {
  if (!conn) return undefined;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/?#]+)/i.exec(conn);
  if (m) return m[1];
  const host = /(?:^|\s)host=([^\s]+)/.exec(conn);
  return host ? host[1] : '(connection string)';
}

/** The name of the tag in a `*-classification` category; several are joined, none gives undefined. */
function classificationTag(doc: StackDocument): string | undefined {
  const refs = new ReferenceResolver(doc);
  const names = doc.resources
    .filter((b) => b.type === TAG && isLiteral(b.values.name))
    .filter((b) => isClassificationTag(refs, b.values.category_id))
    .map((b) => b.values.name as string);
  return names.length ? [...new Set(names)].sort().join(', ') : undefined;
}

/** True when a tag's `category_id` leads to a category named `*-classification` in `refs`' document. */
export function isClassificationTag(refs: ReferenceResolver, categoryId: unknown): boolean {
  return refs.literals(categoryId, TAG_CATEGORY).some((c) => CLASSIFICATION_CATEGORY.test(c));
}
