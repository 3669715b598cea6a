/**
 * What the NET rules read and say alike: the vSphere types they judge, the name of a block in a message, where a
 * host is, which hosts a site may reach, and the air gap.
 */
import { siteOfHost } from '../../hosts';
import type { TfBlock } from '../../terraform/stack-document';
import type { StackContext } from '../stack-rule';
import { formatSources } from '../../source';

/** vSphere types the NET rules judge. */
export const VM = 'vsphere_virtual_machine';
export const LIBRARY = 'vsphere_content_library';
export const LIBRARY_ITEM = 'vsphere_content_library_item';
export const OVF_TEMPLATE = 'vsphere_ovf_vm_template';
export const PORT_GROUP = 'vsphere_distributed_port_group';

/** The resources of `type` in the stack. */
export const resourcesOf = (ctx: StackContext, type: string) => ctx.doc.resources.filter((b) => b.type === type);
/** A block as a message names it: its `name` attribute, else its Terraform name. */
export const label = (b: TfBlock) => JSON.stringify(b.values.name ?? b.name);

/** Where `host` belongs, for a message: `(site research-de-1, DE)` or `(not a host of any registered site)`. */
export function whereIs(ctx: StackContext, host: string): string {
  const site = siteOfHost(host, ctx.catalogue, ctx.site);
  return site ? `(site ${site.id}, ${site.country})` : '(not a host of any registered site)';
}

/** The hosts a tenant of the site may fetch from, in words. */
export function reachableHosts(ctx: StackContext): string {
  const own = `a host of site ${ctx.site.id} (under ${ctx.site.domains.join(', ')})`;
  const egress = ctx.site.airGapped ? [] : ctx.site.allowedEgressHosts;
  return egress.length ? `${own} or an allowed egress host of the site (${egress.join(', ')})` : own;
}

/** The air gap the classification requires, in words, with its source. */
export const airGapOf = (ctx: StackContext) => `classification ${ctx.classification.id} is air-gapped (${formatSources(ctx.classification.airGapped.source)})`;

/** The attribute that names the endpoint a provider talks to, judged by NET-08. */
export const PROVIDER_ENDPOINT: Readonly<Record<string, string>> = { vsphere: 'vsphere_server', vault: 'address' };
