import { fieldOf, urlsIn } from '../risk-context';
import { shown } from '../site-lookup';
import type { AttributeRiskRule, BlockRiskRule } from './risk-rule';
import { beforeAfter, DVS, PORT_GROUP, VM } from './risk-words';

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The attribute rules of the egress label, in catalogue order. */
export const EGRESS_ATTRIBUTE_RULES: readonly AttributeRiskRule[] = [
  {
    id: 'egress/library-subscription',
    label: 'egress',
    kind: 'resource',
    types: ['vsphere_content_library'],
    path: /^subscription(\.subscription_url)?$/,
    when: (c) => c.after !== undefined,
    reason: (c) => `content library subscription ${beforeAfter(c)}: vCenter pulls templates from outside on its own schedule`,
  },
  {
    id: 'egress/remote-ovf',
    label: 'egress',
    kind: 'resource',
    types: [VM],
    path: /^ovf_deploy(\.remote_ovf_url)?$/,
    when: (c) => fieldOf(c.after, c.schemaPath, 'ovf_deploy', 'remote_ovf_url') !== undefined,
    reason: (c) =>
      `remote OVF ${shown(fieldOf(c.before, c.schemaPath, 'ovf_deploy', 'remote_ovf_url'))} -> ${shown(fieldOf(c.after, c.schemaPath, 'ovf_deploy', 'remote_ovf_url'))}: the VM image is downloaded from that host`,
  },
  {
    id: 'egress/remote-ovf-template',
    label: 'egress',
    kind: 'data',
    types: ['vsphere_ovf_vm_template'],
    path: 'remote_ovf_url',
    when: (c) => c.after !== undefined,
    reason: (c) => `remote OVF ${beforeAfter(c)}: read from that host at every plan`,
  },
  {
    id: 'egress/library-file-url',
    label: 'egress',
    kind: 'resource',
    types: ['vsphere_content_library_item'],
    path: 'file_url',
    when: (c) => c.after !== undefined,
    reason: (c) => `content library item file_url ${beforeAfter(c)}: the item is downloaded from there`,
  },
  {
    id: 'egress/uplinks',
    label: 'egress',
    kind: 'resource',
    types: [PORT_GROUP, DVS],
    path: /^(active_uplinks|standby_uplinks|uplinks)$/,
    reason: (c, ctx) => {
      const list = c.schemaPath;
      const old = new Set(asArray(ctx.before?.values[list]));
      const added = (c.after === undefined ? [] : Array.isArray(c.after) ? c.after : [c.after]).filter((u) => !old.has(u));
      return added.length ? `new uplink ${added.map((u) => shown(u)).join(', ')} in ${list}: tenant traffic can leave by another physical link` : undefined;
    },
  },
  {
    id: 'egress/audit-stream',
    label: 'egress',
    kind: 'resource',
    types: ['vault_audit'],
    path: 'options.address',
    when: (c) => c.after !== undefined,
    reason: (c) => `audit device streams to ${beforeAfter(c)}: every request to the tenant's keys is logged there`,
  },
];

/** The block rules of the egress label, in catalogue order. */
export const EGRESS_BLOCK_RULES: readonly BlockRiskRule[] = [
  {
    id: 'egress/library-subscription-added',
    label: 'egress',
    kinds: ['resource'],
    types: ['vsphere_content_library'],
    on: ['added'],
    reason: (ctx) => (ctx.after?.values.subscription !== undefined ? `new content library subscribed to ${shown(ctx.after.values.subscription)}` : undefined),
  },
  {
    id: 'egress/audit-stream-added',
    label: 'egress',
    kinds: ['resource'],
    types: ['vault_audit'],
    on: ['added'],
    reason: (ctx) => {
      const options = (ctx.after?.values.options ?? {}) as Record<string, unknown>;
      return ctx.after?.values.type === 'socket' || ctx.after?.values.type === 'syslog'
        ? `new ${String(ctx.after.values.type)} audit device streams to ${shown(options.address ?? options.facility)}`
        : undefined;
    },
  },
  {
    id: 'egress/new-url',
    label: 'egress',
    kinds: ['resource', 'data'],
    on: ['added', 'changed'],
    reason: (ctx, _attributes, earlier) => {
      if (earlier.some((r) => r.label === 'egress')) return undefined; // said more precisely already
      const old = urlsIn(ctx.before?.values ?? {});
      const fresh = [...urlsIn(ctx.after?.values ?? {})].filter(([url]) => !old.has(url));
      return fresh.length ? `new URL${fresh.length === 1 ? '' : 's'} ${fresh.map(([url, at]) => `${url} (${at})`).join(', ')}: something will be fetched from or sent to ${fresh.length === 1 ? 'it' : 'them'}` : undefined;
    },
  },
];
