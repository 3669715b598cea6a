import { hostInSite, hostOf, siteOfHost } from '../../hosts';
import { isLiteral, JWT_BACKEND, ofType, siteLabel } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { standard } from '../../source';

export const KEY_05: StackRule = {
  id: 'KEY-05',
  title: 'JWT logins trust an issuer of the tenant\'s site',
  severity: 'error',
  rises: false,
  rationale: 'Whoever runs the issuer can mint tokens that log in to the tenant: the CI that signs them is administration of the tenant and stays in-country, in the site.',
  fix: "point oidc_discovery_url / jwks_url / bound_issuer at the site's own CI (GitLab) host",
  sources: [standard('SecNumCloud 3.2, 19.2.c–d')],
  examines: [JWT_BACKEND],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const backend of ofType(ctx, JWT_BACKEND)) {
      for (const attribute of ['oidc_discovery_url', 'jwks_url', 'bound_issuer']) {
        const value = backend.values[attribute];
        if (backend.unknown.has(attribute) || !isLiteral(value)) continue;
        const host = hostOf(value);
        if (host && hostInSite(host, ctx.site)) continue;
        const other = host ? siteOfHost(host, ctx.catalogue, ctx.site) : undefined;
        out.push(
          stackFinding(this, ctx, backend, {
            attribute,
            found: `${attribute} is ${JSON.stringify(value)}${other ? ` (${siteLabel(other)})` : ' (not a host of any registered site)'}`,
            allowed: `an issuer under ${ctx.site.domains.join(', ')} (site ${ctx.site.id})`,
          }),
        );
      }
    }
    return out;
  },
};
