import { custodianOfHost, hostOf, siteOfHost } from '../../hosts';
import { custodyProblem, registeredFor } from '../../tenant-rules/res/custody';
import { AUDIT, ofType, siteLabel } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { auditPath } from './vault-paths';
import { standard } from '../../source';

export const KEY_03: StackRule = {
  id: 'KEY-03',
  title: "Socket audit devices send to a collector of the tenant's site",
  severity: 'error',
  rises: false,
  rationale:
    'The audit log records who used which key; it is data of the tenant and stays where the tenant\'s data may be: at a host of the site, ' +
    'or at a custodian of audit logs registered in sites.yaml that the classification allows (as RES-15 judges the site\'s collector). ' +
    'A syslog device has no destination in its options (Vault always writes to the local syslog agent), so only socket devices can be judged here.',
  fix: "set options.address to the site's audit collector (sites.yaml vault.auditCollector), in the site or at a registered custodian of audit logs the classification allows",
  sources: [standard('SecNumCloud 3.2, 12.6.a, 19.2.d'), standard('Vault audit device docs (socket, syslog)')],
  examines: [AUDIT],
  scopes: ['tenant', 'site'],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const device of ofType(ctx, AUDIT).filter((b) => b.values.type === 'socket')) {
      if (device.unknown.has('options') || device.unknown.has('options.address')) continue;
      const options = (device.values.options ?? {}) as Record<string, unknown>;
      const address = options.address;
      if (typeof address === 'string' && address.includes('${')) continue;
      const custodians = ctx.site.airGapped ? '' : `, or a custodian of audit logs registered in sites.yaml that classification ${ctx.classification.id} allows (${registeredFor(ctx, 'audit')})`;
      const allowed = `a collector of site ${ctx.site.id}: ${ctx.site.vault.auditCollector ?? `a host under ${ctx.site.domains.join(', ')}`}${custodians}`;
      if (typeof address !== 'string' || address === '') {
        out.push(stackFinding(this, ctx, device, { attribute: 'options.address', found: `socket audit device "${auditPath(device)}" has no options.address`, allowed }));
        continue;
      }
      if (address.startsWith('/') || options.socket_type === 'unix') continue; // a local Unix socket stays on the Vault host
      const host = hostOf(address);
      const problem = host ? custodyProblem(ctx, host, 'audit', this.sources) : undefined;
      if (host && !problem) continue;
      const custodian = host ? custodianOfHost(host, ctx.custodians ?? []) : undefined;
      const other = host ? siteOfHost(host, ctx.catalogue, ctx.site) : undefined;
      // A registered custodian, or the site's own collector registered outside its domains, is told by the custody judgement.
      const judged = problem && (custodian || other?.id === ctx.site.id);
      const where = judged ? `, which ${problem.where}` : other ? ` (${siteLabel(other)})` : ' (not a host of any registered site)';
      const finding = stackFinding(this, ctx, device, { attribute: 'options.address', found: `socket audit device "${auditPath(device)}" sends to ${address}${where}`, allowed: judged ? problem.allowed : allowed });
      out.push(judged ? { ...finding, source: problem.source } : finding);
    }
    return out;
  },
};
