import { hostOf, siteOfHost } from '../../hosts';
import { stackFinding, type StackRule } from '../stack-rule';
import { standard } from '../../source';

export const RES_02: StackRule = {
  id: 'RES-02',
  title: "The vSphere provider administers the tenant's own site",
  severity: 'error',
  rises: false,
  rationale: 'The vCenter a stack talks to is where its objects are created and from where they are administered.',
  fix: "set vsphere_server to the tenant site's vCenter (sites.yaml vsphere.server)",
  sources: [standard('SecNumCloud 3.2, 19.2.c–d')],
  examines: ['provider.vsphere'],
  check(ctx) {
    return ctx.doc.providers
      .filter((p) => p.type === 'vsphere')
      .flatMap((p) => {
        const server = p.values.vsphere_server;
        if (server === ctx.site.vsphere.server) return [];
        const other = typeof server === 'string' ? siteOfHost(hostOf(server) ?? server, ctx.catalogue, ctx.site) : undefined;
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
