import { enclaveServers, guestServerProblem } from '../../tenant-rules/net';
import type { TfBlock } from '../../terraform/stack-document';
import { isLiteral, nestedBlocks, unknownAt } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import { airGapOf, label, resourcesOf, VM } from './net-facts';
import { standard } from '../../source';
import { PQ3639_AIR_GAP } from '../../pq-3639';

/** The guest servers a VM's customization names: DNS servers, and the NTP servers the toolkit passes in guestinfo. */
function guestServers(vm: TfBlock): { attribute: string; what: string; server: string }[] {
  const out: { attribute: string; what: string; server: string }[] = [];
  for (const clone of nestedBlocks(vm.values, 'clone')) {
    for (const customize of nestedBlocks(clone.values, 'customize')) {
      const list = customize.values.dns_server_list;
      if (Array.isArray(list)) {
        list.forEach((server, i) => {
          const attribute = `${clone.path}.${customize.path}.dns_server_list.${i}`;
          if (isLiteral(server) && !unknownAt(vm, attribute)) out.push({ attribute, what: 'DNS', server });
        });
      }
    }
  }
  const extra = vm.values.extra_config;
  if (typeof extra === 'object' && extra !== null) {
    for (const [key, value] of Object.entries(extra as Record<string, unknown>)) {
      if (!/ntp/i.test(key) || !isLiteral(value)) continue;
      for (const server of value.split(/[\s,]+/).filter(Boolean)) out.push({ attribute: `extra_config.${key}`, what: 'NTP', server });
    }
  }
  return out;
}

export const NET_07: StackRule = {
  id: 'NET-07',
  title: 'In an air-gapped classification, guests use only DNS and NTP servers inside the enclave',
  severity: 'error',
  rises: false,
  rationale:
    'A DNS or NTP server outside the enclave is a path out of it that every VM takes at boot: names leak, time can be steered, and the guest waits on a server it cannot reach. ' +
    "Servers named in a VM's guest customization (dns_server_list) and in extra_config keys about NTP are judged by host name (under the site domains) or by address (in the site infrastructure networks or the tenant network).",
  fix: "use the enclave's own DNS and NTP servers (config/tenants/<name>.yaml guest; register their networks as infrastructureNetworks of the site)",
  sources: [
    standard('SecNumCloud 3.2, 12.8.a (time sources: external synchronisation allowed, except for isolated networks)'),
    standard('SecNumCloud 3.2, 13.2.a'),
    PQ3639_AIR_GAP,
    standard('vSphere provider docs (virtual_machine: clone.customize)'),
  ],
  examines: [VM],
  check(ctx) {
    if (!ctx.classification.airGapped.value) return [];
    const networks = ctx.tenantNetworks ?? [];
    return resourcesOf(ctx, VM).flatMap((vm) =>
      guestServers(vm).flatMap(({ attribute, what, server }) => {
        const problem = guestServerProblem(server, ctx.site, networks, ctx.catalogue);
        return problem
          ? [stackFinding(this, ctx, vm, { attribute, found: `VM ${label(vm)} uses ${what} server ${problem}`, allowed: `${enclaveServers(ctx.site, networks)}: ${airGapOf(ctx)}` })]
          : [];
      }),
    );
  },
};
