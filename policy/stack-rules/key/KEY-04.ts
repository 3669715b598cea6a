import { JWT_ROLE, nameOf, ofType } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { standard } from '../../source';

const MAX_CI_TOKEN_TTL = 3600;

export const KEY_04: StackRule = {
  id: 'KEY-04',
  title: 'JWT roles bind audiences and claims, and issue tokens of one hour at most',
  severity: 'error',
  rises: false,
  rationale:
    'Without bound audiences and claims any job of any project the issuer signs for can log in (Vault 1.17 and later refuse a JWT with aud and no bound audiences); ' +
    'a long token outlives the job that obtained it.',
  fix: 'set bound_audiences (the id_tokens aud), bound_claims (e.g. project_path and ref_protected = "true") and token_ttl <= 3600',
  sources: [standard('GitLab id_tokens and Vault JWT auth docs'), standard('Vault 1.17 upgrade notes')],
  examines: [JWT_ROLE],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const role of ofType(ctx, JWT_ROLE)) {
      const name = nameOf(role);
      const audiences = role.values.bound_audiences;
      if (!role.unknown.has('bound_audiences') && !(Array.isArray(audiences) && audiences.length > 0)) {
        out.push(stackFinding(this, ctx, role, { attribute: 'bound_audiences', found: `JWT role ${name} has no bound_audiences`, allowed: 'at least one audience, the aud the CI puts in its id_tokens' }));
      }
      const claims = role.values.bound_claims;
      if (!role.unknown.has('bound_claims') && !(typeof claims === 'object' && claims !== null && Object.keys(claims).length > 0)) {
        out.push(stackFinding(this, ctx, role, { attribute: 'bound_claims', found: `JWT role ${name} has no bound_claims: any project the issuer signs for can log in`, allowed: 'bound claims naming the project and protected refs (project_path, ref_protected)' }));
      }
      const ttl = role.values.token_ttl;
      if (!role.unknown.has('token_ttl') && !(typeof ttl === 'number' && ttl > 0 && ttl <= MAX_CI_TOKEN_TTL)) {
        out.push(
          stackFinding(this, ctx, role, {
            attribute: 'token_ttl',
            found: typeof ttl === 'number' && ttl > 0 ? `JWT role ${name} issues tokens for ${ttl} s` : `JWT role ${name} sets no token_ttl: tokens get the mount default (768 h unless tuned)`,
            allowed: `token_ttl between 1 and ${MAX_CI_TOKEN_TTL} seconds`,
          }),
        );
      }
    }
    return out;
  },
};
