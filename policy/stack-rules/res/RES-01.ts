import type { Site } from '../../model';
import { siteAllowsPlacement } from '../../tenant-rules/res';
import { hostOf, siteOfHost } from '../../hosts';
import type { TfBlock } from '../../terraform/stack-document';
import { stackFinding, type StackContext, type StackFinding, type StackRule } from '../stack-rule';

/** The registered site whose vCenter datacenter is named `name` (first match in catalogue order). */
function siteOfDatacenter(name: string, catalogue: readonly Site[]): Site | undefined {
  return catalogue.find((s) => s.vsphere.datacenter === name);
}

function allowedSites(ctx: StackContext): string {
  const ok = ctx.catalogue.filter((s) => siteAllowsPlacement(s, ctx.classification)).map((s) => s.id);
  return ok.length ? ok.join(', ') : 'none registered';
}

/** vSphere resources that are placed somewhere; data sources are judged through what references them. */
const PLACED = ['vsphere_virtual_machine', 'vsphere_resource_pool', 'vsphere_folder', 'vsphere_distributed_port_group', 'vsphere_content_library', 'vsphere_virtual_disk'];

export const RES_01_STACK: StackRule = {
  id: 'RES-01',
  title: 'Every vSphere object lands in a datacenter of a site the classification allows',
  severity: 'error',
  rises: false,
  rationale: 'A VM, pool, folder or port group lands in the datacenter its references lead to; that datacenter decides the country and operator.',
  fix: 'place the object through the site inventory of an allowed site (SiteInventory), not a datacenter looked up by hand',
  source: 'SecNumCloud 19.2.a-b; GDPR art. 44; EHDS art. 87',
  // It follows clusters, datastores and switches through their datacenter_id to the datacenter they sit in.
  examines: ['data.vsphere_datacenter', 'data.vsphere_compute_cluster', 'data.vsphere_datastore', 'data.vsphere_distributed_virtual_switch', ...PLACED],
  check(ctx) {
    const out: StackFinding[] = [];
    const judge = (block: TfBlock, names: string[]) => {
      for (const name of names) {
        const site = siteOfDatacenter(name, ctx.catalogue);
        if (!site) {
          out.push(stackFinding(this, ctx, block, { found: `datacenter "${name}" is not registered in the site catalogue`, allowed: `datacenters of sites allowed for ${ctx.classification.id}: ${allowedSites(ctx)}` }));
        } else if (!siteAllowsPlacement(site, ctx.classification)) {
          out.push(
            stackFinding(this, ctx, block, {
              found: `datacenter "${name}" is at site ${site.id} (${site.country}, operator under ${site.operatorJurisdictions.join(', ')})`,
              allowed: `sites allowed for ${ctx.classification.id}: ${allowedSites(ctx)}`,
            }),
          );
        }
      }
    };
    for (const dc of ctx.doc.dataSources.filter((b) => b.type === 'vsphere_datacenter')) {
      if (typeof dc.values.name === 'string') judge(dc, [dc.values.name]);
    }
    for (const r of ctx.doc.resources.filter((b) => PLACED.includes(b.type))) {
      const names = ctx.refs.literals(r.values, 'vsphere_datacenter');
      if (names.length === 0 && r.type === 'vsphere_virtual_machine') {
        out.push(stackFinding(this, ctx, r, { found: 'its placement does not lead to any vsphere_datacenter data source', allowed: 'a resource pool and datastore looked up in a registered datacenter' }));
      }
    }
    return out;
  },
};

export const RES_02: StackRule = {
  id: 'RES-02',
  title: "The vSphere provider administers the tenant's own site",
  severity: 'error',
  rises: false,
  rationale: 'The vCenter a stack talks to is where its objects are created and from where they are administered.',
  fix: "set vsphere_server to the tenant site's vCenter (sites.yaml vsphere.server)",
  source: 'SecNumCloud 19.2.c-d',
  examines: ['provider.vsphere'],
  check(ctx) {
    return ctx.doc.providers
      .filter((p) => p.type === 'vsphere')
      .flatMap((p) => {
        const server = p.values.vsphere_server;
        if (server === ctx.site.vsphere.server) return [];
        const other = typeof server === 'string' ? siteOfHost(hostOf(server) ?? server, ctx.catalogue) : undefined;
        return [
          stackFinding(this, ctx, `provider.vsphere${p.alias ? `.${p.alias}` : ''}`, {
            attribute: 'vsphere_server',
            found: `vsphere_server is ${JSON.stringify(server)}${other ? ` (site ${other.id}, ${other.country})` : ' (not a registered vCenter)'}`,
            allowed: `${ctx.site.vsphere.server}, the vCenter of site ${ctx.site.id}`,
          }),
        ];
      });
  },
};

export const RES_03: StackRule = {
  id: 'RES-03',
  title: "The Vault provider talks to the tenant site's key custodian",
  severity: 'error',
  rises: false,
  rationale: 'Keys and secrets stay with the custodian of the site the classification allows (EDPB: keys solely with the exporter).',
  fix: "set the Vault provider address to the tenant site's Vault (sites.yaml vault.address)",
  source: 'SecNumCloud 10.5.c; EDPB Recommendations 01/2020',
  examines: ['provider.vault'],
  check(ctx) {
    return ctx.doc.providers
      .filter((p) => p.type === 'vault')
      .flatMap((p) => {
        const address = p.values.address;
        const host = typeof address === 'string' ? hostOf(address) : undefined;
        if (host && host === hostOf(ctx.site.vault.address)) return [];
        const other = host ? siteOfHost(host, ctx.catalogue) : undefined;
        return [
          stackFinding(this, ctx, `provider.vault${p.alias ? `.${p.alias}` : ''}`, {
            attribute: 'address',
            found: address === undefined ? 'no address (VAULT_ADDR at run time decides)' : `address is ${JSON.stringify(address)}${other ? ` (site ${other.id}, ${other.country})` : ' (not a registered Vault)'}`,
            allowed: `${ctx.site.vault.address}, the Vault of site ${ctx.site.id}`,
          }),
        ];
      });
  },
};
