import { hostInSite, hostOf, hostReachable } from '../../hosts';
import type { TfBlock } from '../../terraform/stack-document';
import { isLiteral, nestedBlocks, unknownAt } from '../block-values';
import { stackFinding, type StackContext, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { airGapOf, label, LIBRARY_ITEM, OVF_TEMPLATE, reachableHosts, resourcesOf, VM, whereIs } from './net-facts';
import { standard } from '../../source';
import { PQ3639_AIR_GAP } from '../../pq-3639';

/** The remote artefact URLs of a stack: where an OVF or library item is downloaded from at apply time. */
function remoteArtefacts(ctx: StackContext): { block: TfBlock; attribute: string; url: string }[] {
  const out: { block: TfBlock; attribute: string; url: string }[] = [];
  const add = (block: TfBlock, attribute: string, url: unknown) => {
    if (!unknownAt(block, attribute) && isLiteral(url)) out.push({ block, attribute, url });
  };
  for (const vm of resourcesOf(ctx, VM)) {
    for (const ovf of nestedBlocks(vm.values, 'ovf_deploy')) add(vm, `${ovf.path}.remote_ovf_url`, ovf.values.remote_ovf_url);
  }
  for (const template of ctx.doc.dataSources.filter((b) => b.type === OVF_TEMPLATE)) add(template, 'remote_ovf_url', template.values.remote_ovf_url);
  // file_url may also be a path on the machine that runs Terraform; only a download (a scheme other than file://) is judged.
  for (const item of resourcesOf(ctx, LIBRARY_ITEM)) {
    const url = item.values.file_url;
    if (typeof url === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^file:/i.test(url)) add(item, 'file_url', url);
  }
  return out;
}

export const NET_02: StackRule = {
  id: 'NET-02',
  title: 'OVFs and library items are downloaded only from hosts the site may reach; in an air-gapped classification, only from hosts of the enclave',
  severity: 'error',
  rises: false,
  rationale:
    'remote_ovf_url and an http(s) file_url make vCenter or Terraform download an image at apply time: an egress path, and a VM built from whatever that host serves that day. ' +
    'In an air-gapped classification images come only from hosts of the enclave, where they arrive through the reviewed import.',
  fix: "clone from the site's content library (TenantCompute does this), deploy from ovf_deploy.local_ovf_path, or download from a host of the site or one of its allowed egress hosts",
  sources: [
    standard('SecNumCloud 3.2, 12.10.c'),
    PQ3639_AIR_GAP,
    standard('vSphere provider docs (virtual_machine: ovf_deploy; ovf_vm_template; content_library_item: file_url)'),
  ],
  examines: [VM, `data.${OVF_TEMPLATE}`, LIBRARY_ITEM],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const { block, attribute, url } of remoteArtefacts(ctx)) {
      const host = hostOf(url);
      if (ctx.classification.airGapped.value) {
        if (host && hostInSite(host, ctx.site)) continue;
        out.push(stackFinding(this, ctx, block, { attribute, found: `${block.type} ${label(block)} downloads "${url}"${host ? `, at ${host} ${whereIs(ctx, host)}` : ''}`, allowed: `a host inside the enclave ${ctx.site.id} (under ${ctx.site.domains.join(', ')}): ${airGapOf(ctx)}` }));
        continue;
      }
      if (host && hostReachable(host, ctx.site)) continue;
      out.push(
        stackFinding(this, ctx, block, {
          attribute,
          found: host ? `${block.type} ${label(block)} downloads from ${host} ${whereIs(ctx, host)}` : `${block.type} ${label(block)} downloads "${url}", which names no host`,
          allowed: reachableHosts(ctx),
        }),
      );
    }
    return out;
  },
};
