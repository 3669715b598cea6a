import { hostInSite, hostOf, siteOfHost } from '../../hosts';
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
    'The audit log records who used which key; it is data of the tenant and stays where the tenant\'s data may be. ' +
    'A syslog device has no destination in its options (Vault always writes to the local syslog agent), so only socket devices can be judged here.',
  fix: "set options.address to the site's audit collector (sites.yaml vault.auditCollector)",
  sources: [standard('SecNumCloud 3.2, 12.6.a, 19.2.d'), standard('Vault audit device docs (socket, syslog)')],
  examines: [AUDIT],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const device of ofType(ctx, AUDIT).filter((b) => b.values.type === 'socket')) {
      if (device.unknown.has('options') || device.unknown.has('options.address')) continue;
      const options = (device.values.options ?? {}) as Record<string, unknown>;
      const address = options.address;
      if (typeof address === 'string' && address.includes('${')) continue;
      const allowed = `a collector of site ${ctx.site.id}: ${ctx.site.vault.auditCollector ?? `a host under ${ctx.site.domains.join(', ')}`}`;
      if (typeof address !== 'string' || address === '') {
        out.push(stackFinding(this, ctx, device, { attribute: 'options.address', found: `socket audit device "${auditPath(device)}" has no options.address`, allowed }));
        continue;
      }
      if (address.startsWith('/') || options.socket_type === 'unix') continue; // a local Unix socket stays on the Vault host
      const host = hostOf(address);
      if (host && hostInSite(host, ctx.site)) continue;
      const other = host ? siteOfHost(host, ctx.catalogue) : undefined;
      out.push(
        stackFinding(this, ctx, device, {
          attribute: 'options.address',
          found: `socket audit device "${auditPath(device)}" sends to ${address}${other ? ` (${siteLabel(other)})` : ' (not a host of any registered site)'}`,
          allowed,
        }),
      );
    }
    return out;
  },
};
