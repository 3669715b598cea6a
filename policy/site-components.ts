/**
 * The components a tenant of a site depends on, with their vendors: the site's hypervisor, the key custodian its
 * `vault.edition` names, the state store its `stateBackend` names, and what every tenant depends on through this toolkit. Pure: a site and the components
 * catalogue in, components out.
 */
import type { ComponentCatalogue, ResolvedComponent, Site } from './model';

/** The key custodian component of a Vault edition, or undefined when the catalogue records none. */
export function keyCustodianOf(edition: Site['vault']['edition'], catalogue: ComponentCatalogue): ResolvedComponent | undefined {
  const component = [...catalogue.components.values()].find((c) => c.kind === 'key-custodian' && c.vaultEdition === edition);
  const vendor = component && catalogue.vendors.get(component.vendor);
  return component && vendor ? { component, vendor, because: `key custodian (vault.edition ${edition})` } : undefined;
}

/**
 * What a tenant at `site` depends on, in this order: the hypervisor, the key custodian, the state store, then the toolkit's
 * components in catalogue order. A component the catalogue lacks is left out (the loader refuses such a catalogue).
 */
export function componentsOfSite(site: Pick<Site, 'id' | 'vault' | 'stateBackend'>, catalogue: ComponentCatalogue): ResolvedComponent[] {
  const resolve = (id: string, because: string): ResolvedComponent[] => {
    const component = catalogue.components.get(id);
    const vendor = component && catalogue.vendors.get(component.vendor);
    return component && vendor ? [{ component, vendor, because }] : [];
  };
  const hypervisor = catalogue.sites.get(site.id)?.hypervisor ?? catalogue.hypervisor;
  const custodian = keyCustodianOf(site.vault.edition, catalogue);
  const backend = site.stateBackend?.type ?? 'local';
  const store = catalogue.stateStores?.[backend];
  return [
    ...resolve(hypervisor, `hypervisor of site ${site.id}`),
    ...(custodian ? [custodian] : []),
    ...(store ? resolve(store, `state store (stateBackend ${backend})`) : []),
    ...catalogue.toolkit.flatMap((id) => resolve(id, 'used by govcloud-tenants for every tenant')),
  ];
}
