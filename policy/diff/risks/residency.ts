import { isClassificationTag } from '../placement-summary';
import type { RiskContext } from '../risk-context';
import { shown, whereSite } from '../site-lookup';
import type { AttributeRiskRule, BlockRiskRule } from './risk-rule';
import { beforeAfter } from './risk-words';
import { RECOVERY_STACK_SUFFIX } from '../../tenant-rules/avl';

/** `recovery site of dsp-ng: ` in a recovery stack (`dsp-ng-recovery`), where a move is the replica's. */
const replica = (ctx: RiskContext) => (ctx.tenant.endsWith(RECOVERY_STACK_SUFFIX) ? `recovery site of ${ctx.tenant.slice(0, -RECOVERY_STACK_SUFFIX.length)}: ` : '');

/** `"COLO-BISSEN-1" (site lu-colo-1, LU)`. */
const datacenterWhere = (ctx: RiskContext, name: unknown) => `${shown(name)} ${whereSite(ctx.sites.siteOfDatacenter(name))}`;

/** Backend attributes that say where state lives. */
const STATE_LOCATION = /^(type|path|conn_str|endpoint|endpoints(\..+)?|bucket|key|region|address|hostname|organization|workspace_dir|schema_name|storage_account_name|container_name|prefix|workspaces(\..+)?)$/;

/** The preconditions of a removed `lifecycle` (or the removed `lifecycle.precondition` itself), without its postconditions. */
function preconditionsOf(path: string, value: unknown): unknown {
  return path === 'lifecycle' && typeof value === 'object' && value !== null ? (value as Record<string, unknown>).precondition : value;
}

/** `RES-01` ids mentioned in a removed precondition, for its reason. */
function preconditionIds(value: unknown): string {
  return [...new Set(JSON.stringify(value ?? '').match(/\b[A-Z]{3}-\d{2}\b/g) ?? [])].join(', ');
}

/** The attribute rules of the residency label, in catalogue order. */
export const RESIDENCY_ATTRIBUTE_RULES: readonly AttributeRiskRule[] = [
  {
    id: 'residency/datacenter',
    label: 'residency',
    kind: 'data',
    types: ['vsphere_datacenter'],
    path: 'name',
    reason: (c, ctx) => {
      const from = ctx.sites.siteOfDatacenter(c.before);
      const to = ctx.sites.siteOfDatacenter(c.after);
      const move = from?.id === to?.id && from ? `the same site ${from.id}` : `site ${to?.id ?? 'unregistered'} in ${to?.country ?? 'an unknown country'}`;
      const crossing = from && to && from.country !== to.country ? `; data leaves ${from.country} for ${to.country}` : '';
      return `${replica(ctx)}datacenter ${datacenterWhere(ctx, c.before)} -> ${datacenterWhere(ctx, c.after)}: the tenant's ${replica(ctx) ? 'replica VMs' : 'VMs'} and their disks move to ${move}${crossing}`;
    },
  },
  {
    id: 'residency/vcenter',
    label: 'residency',
    kind: 'provider',
    types: ['vsphere'],
    path: 'vsphere_server',
    reason: (c, ctx) => `vCenter ${shown(c.before)} ${whereSite(ctx.sites.siteOfVcenter(c.before, ctx.site))} -> ${shown(c.after)} ${whereSite(ctx.sites.siteOfVcenter(c.after, ctx.site))}: the tenant is administered from another endpoint (SecNumCloud 19.2.c)`,
  },
  {
    id: 'residency/vault',
    label: 'residency',
    kind: 'provider',
    types: ['vault'],
    path: 'address',
    reason: (c, ctx) => `Vault ${shown(c.before)} ${whereSite(ctx.sites.siteOfVault(c.before, ctx.site))} -> ${shown(c.after)} ${whereSite(ctx.sites.siteOfVault(c.after, ctx.site))}: the tenant's keys are kept by another custodian`,
  },
  {
    id: 'residency/classification-tag',
    label: 'residency',
    kind: 'resource',
    types: ['vsphere_tag'],
    path: 'name',
    when: (_c, ctx) =>
      (!!ctx.after && !!ctx.head.refs && isClassificationTag(ctx.head.refs, ctx.after.values.category_id)) ||
      (!!ctx.before && !!ctx.base.refs && isClassificationTag(ctx.base.refs, ctx.before.values.category_id)),
    reason: (c) => `classification tag ${beforeAfter(c)}: the tenant's data is declared another class, which decides where it may live`,
  },
  {
    id: 'residency/state-location',
    label: 'residency',
    kind: 'backend',
    path: STATE_LOCATION,
    reason: (c) => {
      // A connection string may carry a password: show only that it changed.
      const show = (v: unknown) => (c.schemaPath === 'conn_str' && v !== undefined ? '(connection string)' : shown(v));
      return `Terraform state location ${c.path}: ${show(c.before)} -> ${show(c.after)}; state holds every attribute of every resource, secrets included`;
    },
  },
  {
    id: 'residency/precondition-removed',
    label: 'residency',
    kind: 'resource',
    path: /^lifecycle(\.precondition)?$/,
    when: (c) => c.after === undefined && JSON.stringify(preconditionsOf(c.path, c.before) ?? '').includes('condition'),
    reason: (c) =>
      `residency precondition removed (${preconditionIds(preconditionsOf(c.path, c.before)) || 'lifecycle.precondition'}): a plan of this stack no longer refuses a datacenter outside the classification's countries`,
  },
  {
    id: 'residency/precondition-changed',
    label: 'residency',
    kind: 'resource',
    path: 'lifecycle.precondition.condition',
    when: (c) => c.before !== undefined,
    reason: (c) => `residency precondition ${c.path} changes: the datacenters a plan accepts are no longer the same (${beforeAfter(c)})`,
  },
];

/** The block rules of the residency label, in catalogue order. */
export const RESIDENCY_BLOCK_RULES: readonly BlockRiskRule[] = [
  {
    id: 'residency/datacenter-lookup',
    label: 'residency',
    kinds: ['data'],
    types: ['vsphere_datacenter'],
    on: ['added'],
    reason: (ctx) => `${replica(ctx)}the stack now looks up datacenter ${datacenterWhere(ctx, ctx.after?.values.name)}: resources may be placed there`,
  },
  {
    id: 'residency/endpoint',
    label: 'residency',
    kinds: ['provider'],
    types: ['vsphere', 'vault'],
    on: ['added'],
    reason: (ctx) => {
      const values = ctx.after!.values;
      const endpoint = ctx.type === 'vsphere' ? values.vsphere_server : values.address;
      const site = ctx.type === 'vsphere' ? ctx.sites.siteOfVcenter(endpoint, ctx.site) : ctx.sites.siteOfVault(endpoint, ctx.site);
      return `new ${ctx.type === 'vsphere' ? 'vCenter' : 'Vault'} endpoint ${ctx.address} ${shown(endpoint)} ${whereSite(site)}`;
    },
  },
  {
    id: 'residency/state-backend',
    label: 'residency',
    kinds: ['backend'],
    on: ['added', 'removed'],
    reason: (ctx) => {
      if (ctx.change === 'added') return `Terraform state backend ${ctx.type} added: state lives ${shown(ctx.after?.values.path ?? ctx.after?.values.bucket ?? ctx.type)}`;
      // A removed tenant takes its backend with it; only a backend removed from a stack that stays moves state.
      return ctx.head.doc ? `Terraform state backend ${ctx.type} removed: state falls back to a local file wherever terraform runs` : undefined;
    },
  },
];
