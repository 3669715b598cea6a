import * as fs from 'fs';
import * as path from 'path';
import type { Classification, ComponentCatalogue, Custodian, Site, TenantLibraryItem, TenantSpec } from '../policy/model';
import { ConfigError, type ConfigProblem } from './config-error';
import { YamlFile } from './yaml-file';
import type { ValidateFunction } from 'ajv';
import { configSchemas, schemaProblems } from './schemas';
import { parseIpv4Network } from '../policy/ipv4-network';
import { NetworkIndex } from './network-index';
import { withTaggedSources } from './sources';
import { resolveStateBackend, stateBackendProblems, type RawStateBackend } from './state-backend-config';
import { tenantNameProblems } from './tenant-names';
import { siteOwnerProblems } from './site-owners';
import { auditRetentionProblems, custodianProblems } from './custodians-config';
import { templateVtpmProblems } from './template-vtpm';
import { loadComponents } from './components-config';
import { recoveryClashProblems, recoveryProblems, siteKeySharingProblems } from './recovery-config';

/** A tenant with the file it came from, so findings can point at the line to edit. */
export interface LoadedTenant {
  readonly spec: TenantSpec;
  readonly file: string;
  /** `file:line` of a tenant field (`site`, `vms[0].template`). */
  locate(field: string): string;
  /** File and line of a tenant field, for reports that link to it. */
  position(field: string): { file: string; line: number };
}

/** Everything in a config folder, checked for consistency. */
export interface GovCloudConfig {
  readonly dir: string;
  readonly sites: ReadonlyMap<string, Site>;
  /** The custodians of keys, audit logs and state (`custodians:` in `sites.yaml`); empty when it lists none. */
  readonly custodians: ReadonlyMap<string, Custodian>;
  readonly classifications: ReadonlyMap<string, Classification>;
  /** Tenants sorted by name, so output order never depends on the file system. */
  readonly tenants: readonly LoadedTenant[];
  /**
   * Where a field of a site is written in `sites.yaml` (`stateBackend` of `ctie-govcloud-1` as
   * `sites[0].stateBackend` at its line, or at the site's first line when the field is left out), for findings
   * a person fixes there; undefined for a site the file does not hold.
   * @default - none: findings point at the tenant files (a config built in code, not loaded)
   */
  readonly locateSite?: (site: string, field: string) => { file: string; line: number; field: string } | undefined;
  /**
   * What tenants depend on besides their site: vendors, components, licences (`components.yaml`).
   * @default - none: the folder has no components.yaml, and vendor exposure and the VND rules are not judged
   */
  readonly components?: ComponentCatalogue;
}

const DEFAULT_AUDIT_LOG_DIR = '/var/log/vault';
const DEFAULT_ROTATION_DAYS = 90;

/** Options of {@link loadConfig}. */
export interface LoadOptions {
  /**
   * Load only these tenant files (names in `tenants/`), for a synth worker given a share of a config the
   * whole of which has been loaded and checked already: checks across tenants see only these.
   * @default - every `*.yaml` in `tenants/`
   */
  readonly tenantFiles?: readonly string[];
}

/**
 * Loads `dir` (laid out like `config/`: `sites.yaml`, `classifications.yaml`, `tenants/*.yaml`, and optionally
 * `components.yaml`). Collects
 * every problem in every file and throws one {@link ConfigError} listing them all.
 */
export function loadConfig(dir: string, options: LoadOptions = {}): GovCloudConfig {
  const problems: ConfigProblem[] = [];
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ConfigError([{ file: dir, field: '', message: 'config folder not found', fix: 'pass --config DIR with sites.yaml, classifications.yaml and tenants/' }]);
  }
  const { sites, custodians, locateSite } = loadSites(dir, problems);
  const sitesBroken = problems.length > 0;
  const before = problems.length;
  const classifications = loadClassifications(dir, problems);
  const classificationsBroken = problems.length > before;
  const components = loadComponents(dir, sitesBroken ? new Map() : sites, problems);
  const tenants = loadTenants(dir, sites, classifications, problems, options.tenantFiles, { sites: sitesBroken, classifications: classificationsBroken });
  if (problems.length) throw new ConfigError(problems);
  return { dir, sites, custodians, classifications, tenants, locateSite, ...(components ? { components } : {}) };
}

/**
 * Reads the catalogue file `file`.yaml of config folder `dir` and validates it against `schema`: the file and its
 * data, or undefined (with the problems) when it cannot be read or is invalid.
 */
function readCatalogue(dir: string, file: string, schema: ValidateFunction, problems: ConfigProblem[]): { yaml: YamlFile; data: Record<string, unknown> } | undefined {
  const { yaml, problems: parse } = YamlFile.read(path.join(dir, `${file}.yaml`), dir, { reuse: true });
  problems.push(...parse);
  if (!yaml) return undefined;
  const data = yaml.toJS() as Record<string, unknown>;
  const invalid = schemaProblems(yaml, data, schema);
  problems.push(...invalid);
  return invalid.length ? undefined : { yaml, data };
}

/**
 * Maps the entries of the list `key` of a read catalogue file (sites, custodians, classifications), whose `id`s
 * are unique, with `build`. A duplicate id is a problem at its line.
 */
function buildCatalogue<Raw extends { id: string }, T>(
  yaml: YamlFile,
  key: string,
  entries: readonly Raw[],
  build: (raw: Raw) => T,
  problems: ConfigProblem[],
  check?: (entry: T, raw: Raw, index: number, yaml: YamlFile) => ConfigProblem[],
): Map<string, T> {
  const out = new Map<string, T>();
  entries.forEach((raw, i) => {
    if (out.has(raw.id)) {
      problems.push(yaml.problem(`${key}[${i}].id`, `duplicate id "${raw.id}"`, `give every entry of ${key} its own id`));
      return;
    }
    const entry = build(raw);
    // Kept even when its check fails, so tenants naming it are not also reported as naming an unknown id.
    problems.push(...(check?.(entry, raw, i, yaml) ?? []));
    out.set(raw.id, entry);
  });
  return out;
}

/** A site as written: its state backend without defaults. */
type RawSite = Omit<Site, 'stateBackend'> & { stateBackend?: RawStateBackend };

/** The sites and custodians of `sites.yaml`; custodians first, since a site's state store may be one's. */
function loadSites(dir: string, problems: ConfigProblem[]): { sites: Map<string, Site>; custodians: Map<string, Custodian>; locateSite?: GovCloudConfig['locateSite'] } {
  const read = readCatalogue(dir, 'sites', configSchemas().sites, problems);
  if (!read) return { sites: new Map(), custodians: new Map() };
  const { yaml, data } = read;
  const custodians = buildCatalogue<Custodian, Custodian>(yaml, 'custodians', (data.custodians ?? []) as Custodian[], (raw) => raw, problems);
  const registered = [...custodians.values()];
  const sites = buildCatalogue<RawSite, Site>(
    yaml,
    'sites',
    data.sites as RawSite[],
    (raw) => ({
      ...raw,
      domains: raw.domains ?? [],
      allowedEgressHosts: raw.allowedEgressHosts ?? [],
      infrastructureNetworks: raw.infrastructureNetworks ?? [],
      vsphere: { ...raw.vsphere, templateType: raw.vsphere.templateType ?? 'ovf' },
      vault: { ...raw.vault, auditLogDir: raw.vault.auditLogDir ?? DEFAULT_AUDIT_LOG_DIR },
      stateBackend: resolveStateBackend(raw.stateBackend),
      remoteStateRequired: raw.remoteStateRequired ?? false,
    }),
    problems,
    (site, raw, i) => [...stateBackendProblems(site, raw.stateBackend, i, yaml, registered), ...auditRetentionProblems(site, i, yaml), ...siteOwnerProblems(site, i, yaml)],
  );
  problems.push(...custodianProblems(registered, [...sites.values()], yaml), ...siteKeySharingProblems([...sites.values()], yaml));
  // The first entry of each id: a duplicate is refused above.
  const indexOf = new Map<string, number>();
  (data.sites as RawSite[]).forEach((s, i) => indexOf.has(s.id) || indexOf.set(s.id, i));
  const locateSite = (site: string, field: string) => {
    const i = indexOf.get(site);
    if (i === undefined) return undefined;
    const at = `sites[${i}].${field}`;
    return { file: yaml.file, line: yaml.locate(at).line, field: at };
  };
  return { sites, custodians, locateSite };
}

function loadClassifications(dir: string, problems: ConfigProblem[]): Map<string, Classification> {
  const read = readCatalogue(dir, 'classifications', configSchemas().classifications, problems);
  if (!read) return new Map();
  return buildCatalogue<Classification, Classification>(read.yaml, 'classifications', read.data.classifications as Classification[], (raw) => withTaggedSources(raw), problems);
}

interface RawTenant extends Omit<TenantSpec, 'vms' | 'keys' | 'suppressions' | 'contentLibrary' | 'guest'> {
  suppressions?: TenantSpec['suppressions'];
  contentLibrary?: { subscriptionUrl?: string; items?: TenantLibraryItem[] };
  guest?: { domain: string; dnsServers?: string[]; ntpServers?: string[] };
  vms: (Omit<TenantSpec['vms'][number], 'dataDisksGb'> & { dataDisksGb?: number[] })[];
  keys?: Partial<TenantSpec['keys']>;
}

function loadTenants(
  configDir: string,
  sites: ReadonlyMap<string, Site>,
  classifications: ReadonlyMap<string, Classification>,
  problems: ConfigProblem[],
  only?: readonly string[],
  broken: { readonly sites: boolean; readonly classifications: boolean } = { sites: false, classifications: false },
): LoadedTenant[] {
  const dir = path.join(configDir, 'tenants');
  const listed = listTenantFiles(dir);
  if ('problem' in listed) {
    problems.push(listed.problem);
    return [];
  }
  const files = (only ?? listed.files).filter((f) => /\.ya?ml$/.test(f)).sort();
  const byName = new Map<string, LoadedTenant>();
  // Every name seen, valid tenant or not, so a duplicate is reported even when its twin has other problems.
  const fileOfName = new Map<string, string>();
  // Per site, the networks of the tenants accepted so far, indexed so each check is a few look-ups, not a scan.
  const networks = new Map<string, NetworkIndex<LoadedTenant>>();
  const vlans = new Map<string, LoadedTenant>();
  const validate = configSchemas().tenant;
  for (const name of files) {
    const file = path.join(dir, name);
    const { yaml, problems: parse } = YamlFile.read(file, configDir);
    problems.push(...parse);
    if (!yaml) continue;
    const raw = yaml.toJS() as RawTenant;
    const invalid = schemaProblems(yaml, raw, validate);
    problems.push(...invalid);
    if (invalid.length) continue;

    const spec: TenantSpec = {
      ...raw,
      vms: raw.vms.map((vm) => ({ ...vm, dataDisksGb: vm.dataDisksGb ?? [] })),
      keys: { rotationDays: raw.keys?.rotationDays ?? DEFAULT_ROTATION_DAYS, deletionAllowed: raw.keys?.deletionAllowed ?? false },
      suppressions: raw.suppressions ?? [],
      contentLibrary: raw.contentLibrary && { ...raw.contentLibrary, items: raw.contentLibrary.items ?? [] },
      guest: raw.guest && { ...raw.guest, dnsServers: raw.guest.dnsServers ?? [], ntpServers: raw.guest.ntpServers ?? [] },
    };
    const tenant: LoadedTenant = {
      spec,
      file,
      locate: (field) => `${file}:${yaml.locate(field).line}`,
      position: (field) => ({ file, line: yaml.locate(field).line }),
    };
    const before = problems.length;
    problems.push(...tenantNameProblems(yaml, spec));
    const twin = fileOfName.get(spec.name);
    if (twin) {
      problems.push(yaml.problem('name', `duplicate tenant name "${spec.name}" (also in ${twin})`, 'give every tenant its own name'));
    } else fileOfName.set(spec.name, file);
    if (spec.contentLibrary?.subscriptionUrl !== undefined && spec.contentLibrary.items.length) {
      problems.push(yaml.problem('contentLibrary.items', 'a subscribed content library cannot hold items of its own', 'give either contentLibrary.subscriptionUrl or contentLibrary.items'));
    }
    const site = sites.get(spec.site);
    // A catalogue with problems of its own (reported above) may lack ids that are fine: naming them here is noise.
    if (!site && !broken.sites) {
      problems.push(yaml.problem('site', `unknown site "${spec.site}"`, `use a site id from sites.yaml: ${[...sites.keys()].join(', ')}`));
    }
    if (!classifications.has(spec.classification) && !broken.classifications) {
      problems.push(
        yaml.problem('classification', `unknown classification "${spec.classification}"`, `use one of classifications.yaml: ${[...classifications.keys()].join(', ')}`),
      );
    }
    if (site) {
      spec.vms.forEach((vm, i) => {
        if (!site.vsphere.templates.some((t) => t.name === vm.template)) {
          problems.push(
            yaml.problem(`vms[${i}].template`, `template "${vm.template}" is not in the content library of site ${site.id}`, `use one of: ${site.vsphere.templates.map((t) => t.name).join(', ')}`),
          );
        }
      });
      problems.push(...templateVtpmProblems(spec, site, yaml));
      problems.push(...recoveryProblems(spec, sites, yaml, broken.sites));
      const vlanKey = `${site.id}/${spec.network.vlan}`;
      const vlanTwin = vlans.get(vlanKey);
      if (vlanTwin) {
        problems.push(yaml.problem('network.vlan', `VLAN ${spec.network.vlan} is already used on site ${site.id} by tenant ${vlanTwin.spec.name} (${vlanTwin.file})`, 'choose a VLAN id no other tenant on this site uses'));
      } else vlans.set(vlanKey, tenant);
    }
    const net = parseIpv4Network(spec.network.cidr);
    if ('reason' in net) {
      problems.push(yaml.problem('network.cidr', net.reason, net.fix));
    } else if (site) {
      let atSite = networks.get(site.id);
      if (!atSite) networks.set(site.id, (atSite = new NetworkIndex()));
      const clash = atSite.overlapping(net);
      if (clash) {
        problems.push(
          yaml.problem('network.cidr', `${spec.network.cidr} overlaps ${clash.spec.network.cidr} of tenant ${clash.spec.name} (${clash.file}) on site ${site.id}`, 'choose a network no other tenant on this site uses'),
        );
      } else atSite.add(net, tenant);
    }
    if (problems.length === before && !twin) byName.set(spec.name, tenant);
  }
  const loaded = [...byName.values()].sort((a, b) => (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0));
  problems.push(...recoveryClashProblems(loaded));
  return loaded;
}

/** The entries of the tenants folder, or why there are none to read. */
function listTenantFiles(dir: string): { files: string[] } | { problem: ConfigProblem } {
  const fix = 'make tenants/ a folder with one <name>.yaml per tenant';
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return { problem: { file: dir, field: '', message: 'tenants folder not found', fix: 'create it with one <name>.yaml per tenant' } };
  }
  if (!stat.isDirectory()) return { problem: { file: dir, field: '', message: 'tenants is not a folder', fix } };
  try {
    return { files: fs.readdirSync(dir) };
  } catch (e) {
    return { problem: { file: dir, field: '', message: `cannot list the tenants folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'check its permissions' } };
  }
}
