import { hostInSite, hostOf, hostReachable } from '../../hosts';
import { isLiteral, nestedBlocks, unknownAt } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { airGapOf, label, LIBRARY, reachableHosts, resourcesOf, whereIs } from './net-facts';
import { standard } from '../../source';
import { PQ3639_AIR_GAP } from '../../pq-3639';

export const NET_01: StackRule = {
  id: 'NET-01',
  title: 'Content libraries subscribe only to hosts the site may reach; in an air-gapped classification, only to hosts of the enclave',
  severity: 'error',
  rises: false,
  rationale:
    'A subscribed content library pulls templates from its subscription URL on its own schedule: it is an egress path out of the site and a supply-chain input that nobody reviews item by item. ' +
    "A connected site may subscribe to its own hosts and its allowed egress hosts; an air-gapped classification only to the enclave's own publisher, which holds the reviewed imports.",
  fix: "use the site's own content library (SiteInventory looks it up by name), or subscribe to a host of the site or one of its allowed egress hosts (sites.yaml allowedEgressHosts)",
  sources: [standard('SecNumCloud 3.2, 12.10.c, 19.2.b'), PQ3639_AIR_GAP, standard('vSphere provider docs (content_library: subscription)')],
  examines: [LIBRARY],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const library of resourcesOf(ctx, LIBRARY)) {
      for (const sub of nestedBlocks(library.values, 'subscription')) {
        const attribute = `${sub.path}.subscription_url`;
        if (unknownAt(library, attribute)) continue;
        const url = sub.values.subscription_url;
        // The provider defaults subscription_url to "NONE".
        if (!isLiteral(url) || url === 'NONE') continue;
        const host = hostOf(url);
        if (ctx.classification.airGapped.value) {
          if (host && hostInSite(host, ctx.site)) continue;
          out.push(stackFinding(this, ctx, library, { attribute, found: `content library ${label(library)} subscribes to "${url}"${host ? `, at ${host} ${whereIs(ctx, host)}` : ''}`, allowed: `a publisher inside the enclave ${ctx.site.id} (under ${ctx.site.domains.join(', ')}): ${airGapOf(ctx)}` }));
          continue;
        }
        if (host && hostReachable(host, ctx.site)) continue;
        out.push(
          stackFinding(this, ctx, library, {
            attribute,
            found: host ? `content library ${label(library)} subscribes to ${host} ${whereIs(ctx, host)}` : `content library ${label(library)} subscribes to "${url}", which names no host`,
            allowed: reachableHosts(ctx),
          }),
        );
      }
    }
    return out;
  },
};
