/**
 * Reads `components.yaml` (vendors, components, licences, alternatives) into a {@link ComponentCatalogue} and checks
 * what its schema cannot: every id it names exists, ids are unique, a key custodian says which Vault edition it is,
 * and every Vault edition a site uses has a key custodian. The file is optional: a config folder without it has no
 * catalogue, and `govcloud vendors` and the VND rules say so rather than guess.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Component, ComponentCatalogue, Site, SiteComponents, Vendor } from '../policy/model';
import type { ConfigProblem } from './config-error';
import { YamlFile } from './yaml-file';
import { configSchemas, schemaProblems } from './schemas';

/** The name of the catalogue file in a config folder. */
export const COMPONENTS_FILE = 'components.yaml';

/** `components.yaml` as written. */
interface RawCatalogue {
  hypervisor: string;
  toolkit: string[];
  sites?: Record<string, SiteComponents>;
  stateStores?: ComponentCatalogue['stateStores'];
  vendors: Vendor[];
  components: Component[];
}

/**
 * The components catalogue of config folder `dir`, or undefined when it has none (or it is invalid: then
 * `problems` says why). `sites` are the loaded sites, so the catalogue can be checked against them; empty when the
 * site catalogue itself failed to load (its ids are then not checked here).
 */
export function loadComponents(dir: string, sites: ReadonlyMap<string, Site>, problems: ConfigProblem[]): ComponentCatalogue | undefined {
  const file = path.join(dir, COMPONENTS_FILE);
  if (!fs.existsSync(file)) return undefined;
  const { yaml, problems: parse } = YamlFile.read(file, dir, { reuse: true });
  problems.push(...parse);
  if (!yaml) return undefined;
  const raw = yaml.toJS() as RawCatalogue;
  const invalid = schemaProblems(yaml, raw, configSchemas().components);
  problems.push(...invalid);
  if (invalid.length) return undefined;
  const before = problems.length;
  const vendors = uniqueById(yaml, 'vendors', raw.vendors, problems);
  const components = uniqueById(yaml, 'components', raw.components.map((c) => ({ ...c, alternatives: c.alternatives ?? [] })), problems);
  const catalogue: ComponentCatalogue = {
    vendors,
    components,
    toolkit: raw.toolkit,
    hypervisor: raw.hypervisor,
    sites: new Map(Object.entries(raw.sites ?? {})),
    ...(raw.stateStores ? { stateStores: raw.stateStores } : {}),
  };
  problems.push(...referenceProblems(yaml, raw, catalogue), ...siteProblems(yaml, catalogue, sites));
  return problems.length > before ? undefined : catalogue;
}

function uniqueById<T extends { id: string }>(yaml: YamlFile, key: string, entries: readonly T[], problems: ConfigProblem[]): Map<string, T> {
  const out = new Map<string, T>();
  entries.forEach((entry, i) => {
    if (out.has(entry.id)) problems.push(yaml.problem(`${key}[${i}].id`, `duplicate id "${entry.id}"`, `give every entry of ${key} its own id`));
    else out.set(entry.id, entry);
  });
  return out;
}

/** Every id the catalogue names that it does not hold, and a key custodian that does not say its edition. */
function referenceProblems(yaml: YamlFile, raw: RawCatalogue, catalogue: ComponentCatalogue): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const componentIds = [...catalogue.components.keys()].join(', ');
  const component = (field: string, id: string, kind?: Component['kind']) => {
    const found = catalogue.components.get(id);
    if (!found) problems.push(yaml.problem(field, `no component "${id}" in components`, `use one of: ${componentIds}, or add it under components`));
    else if (kind && found.kind !== kind) problems.push(yaml.problem(field, `component "${id}" is a ${found.kind}, not a ${kind}`, `name a component of kind ${kind}`));
  };
  component('hypervisor', raw.hypervisor, 'hypervisor');
  raw.toolkit.forEach((id, i) => component(`toolkit[${i}]`, id));
  for (const [type, id] of Object.entries(raw.stateStores ?? {})) if (id) component(`stateStores.${type}`, id, 'state-store');
  for (const [site, choice] of Object.entries(raw.sites ?? {})) if (choice.hypervisor) component(`sites.${site}.hypervisor`, choice.hypervisor, 'hypervisor');
  raw.components.forEach((c, i) => {
    if (!catalogue.vendors.has(c.vendor)) {
      problems.push(yaml.problem(`components[${i}].vendor`, `no vendor "${c.vendor}" in vendors`, `use one of: ${[...catalogue.vendors.keys()].join(', ')}, or add it under vendors`));
    }
    (c.alternatives ?? []).forEach((a, j) => {
      if (a.component === c.id) problems.push(yaml.problem(`components[${i}].alternatives[${j}].component`, `component "${c.id}" is given as its own alternative`, 'name another component, or remove the entry'));
      else component(`components[${i}].alternatives[${j}].component`, a.component);
    });
    if (c.kind === 'key-custodian' && !c.vaultEdition) {
      problems.push(yaml.problem(`components[${i}]`, `key custodian "${c.id}" does not say which Vault edition it is`, 'add vaultEdition: enterprise, community or openbao'));
    }
    if (c.kind !== 'key-custodian' && c.vaultEdition) {
      problems.push(yaml.problem(`components[${i}].vaultEdition`, `component "${c.id}" is a ${c.kind}; only a key custodian is a Vault edition`, 'remove vaultEdition, or make its kind key-custodian'));
    }
  });
  const editions = raw.components.filter((c) => c.kind === 'key-custodian' && c.vaultEdition);
  editions.forEach((c, i) => {
    const first = editions.findIndex((o) => o.vaultEdition === c.vaultEdition);
    if (first !== i) {
      problems.push(yaml.problem(`components[${raw.components.indexOf(c)}].vaultEdition`, `vaultEdition ${c.vaultEdition} is already the edition of "${editions[first].id}"`, 'give each Vault edition one key custodian'));
    }
  });
  return problems;
}

/** Site ids the catalogue names that the site catalogue lacks, and Vault editions of sites with no key custodian. */
function siteProblems(yaml: YamlFile, catalogue: ComponentCatalogue, sites: ReadonlyMap<string, Site>): ConfigProblem[] {
  if (!sites.size) return [];
  const problems: ConfigProblem[] = [];
  for (const id of catalogue.sites.keys()) {
    if (!sites.has(id)) problems.push(yaml.problem(`sites.${id}`, `no site "${id}" in sites.yaml`, `use a site id of sites.yaml: ${[...sites.keys()].join(', ')}`));
  }
  const custodians = new Set([...catalogue.components.values()].flatMap((c) => (c.kind === 'key-custodian' && c.vaultEdition ? [c.vaultEdition] : [])));
  for (const site of sites.values()) {
    if (custodians.has(site.vault.edition)) continue;
    problems.push(yaml.problem('components', `site ${site.id} keeps its keys in Vault edition ${site.vault.edition}, and no key custodian has vaultEdition ${site.vault.edition}`, `add a component of kind key-custodian with vaultEdition: ${site.vault.edition}`));
    custodians.add(site.vault.edition);
  }
  return problems;
}
