import type { Site } from '../../model';
import { siteAllowsPlacement } from '../../tenant-rules/res';
import type { TfBlock } from '../../terraform/stack-document';
import { stackFinding, type StackContext, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { law, standard } from '../../source';

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
  sources: [
    standard('SecNumCloud 3.2, 19.2.a–b'),
    law('GDPR art. 44 (chapter V: transfers outside the EU)'),
    law('EHDS art. 87 (health data for secondary use stored in the Union)'),
  ],
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
