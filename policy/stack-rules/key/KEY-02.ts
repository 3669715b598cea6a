import { AUDIT, ofType } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import { auditPath } from './vault-paths';
import { formatSources } from '../../source';
import { law, standard } from '../../source';

const namedAfter = (path: string, tenant: string) => path === tenant || path.endsWith(`-${tenant}`) || path.startsWith(`${tenant}-`) || path.startsWith(`tenants/${tenant}/`);
const CENTRAL = ['socket', 'syslog'];

export const KEY_02_STACK: StackRule = {
  id: 'KEY-02',
  title: 'Enough audit devices for the classification, one of them central',
  severity: 'error',
  rises: false,
  rationale:
    'Vault answers a request only if an audit device logs it; two devices (a local file and a central socket or syslog) keep the log when one is blocked and put a copy on another machine. ' +
    'Audit devices are cluster-wide and live in the root namespace, so a tenant\'s devices are those named after it (file-<tenant>, socket-<tenant>): a device at a shared path is another stack\'s to change.',
  fix: 'add the missing devices named after the tenant: type "file" at file-<tenant> and type "socket" at socket-<tenant> to the site collector (TenantKeys does this)',
  sources: [
    standard('SecNumCloud 3.2, 12.6.b, 12.7.c'),
    law('EHDS art. 9(2) (health, the shared care record: information on who accessed it kept at least three years)'),
    law('EHDS art. 73(1)(e) (health-research, secure processing environments: access logs kept at least one year)'),
  ],
  examines: [AUDIT],
  check(ctx) {
    const required = ctx.classification.auditDevices.value;
    const devices = ofType(ctx, AUDIT).filter((b) => !b.unknown.has('type') && !b.unknown.has('path'));
    const own = devices.filter((b) => namedAfter(auditPath(b), ctx.tenant));
    const others = devices.filter((b) => !own.includes(b));
    const listed = own.length ? ` (${own.map((b) => `${auditPath(b)}: ${String(b.values.type)}`).join(', ')})` : '';
    const ignored = others.length ? `; not counted, not named after the tenant: ${others.map((b) => `"${auditPath(b)}"`).join(', ')}` : '';
    const allowed = `classification ${ctx.classification.id} requires ${required} audit device${required === 1 ? '' : 's'} named after the tenant${required >= 2 ? ', one of them socket or syslog' : ''} (${formatSources(ctx.classification.auditDevices.source)})`;
    if (own.length < required) {
      return [stackFinding(this, ctx, AUDIT, { found: `${own.length} audit device${own.length === 1 ? '' : 's'} named after tenant ${ctx.tenant}${listed}${ignored}`, allowed })];
    }
    if (required >= 2 && !own.some((b) => CENTRAL.includes(String(b.values.type)))) {
      return [stackFinding(this, ctx, AUDIT, { attribute: 'type', found: `no central device among tenant ${ctx.tenant}'s audit devices${listed}`, allowed })];
    }
    return [];
  },
};
