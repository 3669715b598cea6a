import { AUDIT, ofType } from '../block-values';
import type { TfBlock } from '../../terraform/stack-document';
import { stackFinding, type StackRule } from '../stack-rule';
import { auditPath } from './vault-paths';
import { formatSources } from '../../source';
import { law, standard } from '../../source';

const CENTRAL = ['socket', 'syslog'];
/** A filtered device (Vault Enterprise `filter` option) logs part of the requests only: it does not count. */
const filtered = (b: TfBlock) => {
  const options = b.values.options;
  return typeof options === 'object' && options !== null && typeof (options as Record<string, unknown>).filter === 'string' && (options as Record<string, unknown>).filter !== '';
};

export const KEY_02_STACK: StackRule = {
  id: 'KEY-02',
  title: "Enough audit devices for the classification, one of them central, in the site's stack",
  severity: 'error',
  rises: false,
  rationale:
    'Vault answers a request only if an audit device logs it; two devices (a local file and a central socket or syslog) keep the log when one is blocked and put a copy on another machine. ' +
    "Audit devices are cluster-wide (each records every namespace's requests), so they belong to the site's stack (site-<id>), judged against the strictest classification of the site's tenants; " +
    'a tenant stack enabling one would add another copy of the whole cluster\'s log per tenant. OpenBao 2.3.2 and later refuse sys/audit: an OpenBao site\'s devices are declared in its server config (sites/<id>/openbao-audit.hcl), and its stack holds none.',
  fix: "remove audit devices from tenant stacks; the site stack (govcloud synth writes it) holds a file device and a socket device to the site's collector, without filter",
  sources: [
    standard('SecNumCloud 3.2, 12.6.b, 12.7.c'),
    law('EHDS art. 9(2) (health, the shared care record: information on who accessed it kept at least three years)'),
    law('EHDS art. 73(1)(e) (health-research, secure processing environments: access logs kept at least one year)'),
    standard('OpenBao audit configuration (declarative audit devices, from 2.3.2)'),
  ],
  examines: [AUDIT],
  scopes: ['tenant', 'site'],
  check(ctx) {
    const devices = ofType(ctx, AUDIT);
    if (!ctx.siteTenants) {
      return devices.map((b) =>
        stackFinding(this, ctx, b, {
          found: `tenant stack ${ctx.tenant} enables audit device "${auditPath(b)}", which logs every namespace of the site's ${ctx.site.vault.edition === 'openbao' ? 'OpenBao' : 'Vault'}`,
          allowed: `no audit device in a tenant stack: the site's devices are in stack site-${ctx.site.id}`,
        }),
      );
    }
    if (ctx.site.vault.edition === 'openbao') {
      return devices.map((b) =>
        stackFinding(this, ctx, b, {
          found: `site ${ctx.site.id} runs OpenBao, which refuses audit device "${auditPath(b)}" through sys/audit (from 2.3.2): the apply aborts half-way`,
          allowed: `no vault_audit on an OpenBao site: declare the devices in the server config (sites/${ctx.site.id}/openbao-audit.hcl)`,
        }),
      );
    }
    const required = ctx.classification.auditDevices.value;
    const known = devices.filter((b) => !b.unknown.has('type') && !b.unknown.has('options'));
    const whole = known.filter((b) => !filtered(b));
    const listed = whole.length ? ` (${whole.map((b) => `${auditPath(b)}: ${String(b.values.type)}`).join(', ')})` : '';
    const allowed = `classification ${ctx.classification.id}, the strictest of site ${ctx.site.id}'s tenants, requires ${required} unfiltered audit device${required === 1 ? '' : 's'}${required >= 2 ? ', one of them socket or syslog' : ''} (${formatSources(ctx.classification.auditDevices.source)})`;
    if (whole.length < required) {
      return [stackFinding(this, ctx, AUDIT, { found: `${whole.length} unfiltered audit device${whole.length === 1 ? '' : 's'} in the stack of site ${ctx.site.id}${listed}`, allowed })];
    }
    if (required >= 2 && !whole.some((b) => CENTRAL.includes(String(b.values.type)))) {
      return [stackFinding(this, ctx, AUDIT, { attribute: 'type', found: `no central device among site ${ctx.site.id}'s audit devices${listed}`, allowed })];
    }
    return [];
  },
};
