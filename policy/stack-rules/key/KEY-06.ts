import { APPROLE_ROLE, nameOf, ofType } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { standard } from '../../source';

const nonEmptyList = (v: unknown) => Array.isArray(v) && v.length > 0;

export const KEY_06: StackRule = {
  id: 'KEY-06',
  title: 'AppRole logins are bound to the tenant network and their secret ids expire',
  severity: 'warning',
  rises: false,
  rationale: 'A secret id that works from anywhere, for ever, is a password that leaks once and stays valid.',
  fix: 'set secret_id_bound_cidrs and token_bound_cidrs to the tenant network, and secret_id_ttl (e.g. 86400)',
  sources: [standard('SecNumCloud 3.2, 9.5.a (authentication)'), standard('Vault docs (AppRole auth method: secret_id_bound_cidrs, token_bound_cidrs, secret_id_ttl)')],
  examines: [APPROLE_ROLE],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const role of ofType(ctx, APPROLE_ROLE)) {
      const name = nameOf(role);
      const cidrsUnknown = role.unknown.has('secret_id_bound_cidrs') || role.unknown.has('token_bound_cidrs');
      if (!cidrsUnknown && !nonEmptyList(role.values.secret_id_bound_cidrs) && !nonEmptyList(role.values.token_bound_cidrs)) {
        out.push(stackFinding(this, ctx, role, { attribute: 'secret_id_bound_cidrs', found: `AppRole role ${name} binds neither secret ids nor tokens to a network`, allowed: 'secret_id_bound_cidrs or token_bound_cidrs set to the tenant network' }));
      }
      const ttl = role.values.secret_id_ttl;
      if (!role.unknown.has('secret_id_ttl') && !(typeof ttl === 'number' && ttl > 0)) {
        out.push(stackFinding(this, ctx, role, { attribute: 'secret_id_ttl', found: `AppRole role ${name} issues secret ids that never expire`, allowed: 'a secret_id_ttl above 0 seconds' }));
      }
    }
    return out;
  },
};
