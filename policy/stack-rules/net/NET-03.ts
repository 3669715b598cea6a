import { isTrue, nestedBlocks, unknownAt } from '../block-values';
import { holdsPersonalData } from '../res/personal-data';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { label, LIBRARY, resourcesOf } from './net-facts';
import { standard } from '../../source';

export const NET_03: StackRule = {
  id: 'NET-03',
  title: 'A content library holding personal data is not published without authentication',
  severity: 'error',
  rises: false,
  rationale:
    'A library published with authentication_method NONE (the provider default) serves its templates, and whatever was captured in them, to anyone who can reach vCenter. ' +
    'Only public and internal data, which hold no personal data, may do so; every other classification, including any added later, is treated as personal data or above.',
  fix: 'set publication.authentication_method = "BASIC" with a username and password from the secret store, or do not publish the library (published = false)',
  sources: [standard('SecNumCloud 3.2, 9.5.a, 9.7.a (authentication, access control)'), standard('vSphere provider docs (content_library: publication)')],
  examines: [LIBRARY],
  check(ctx) {
    if (!holdsPersonalData(ctx.classification)) return [];
    const out: StackFinding[] = [];
    for (const library of resourcesOf(ctx, LIBRARY)) {
      for (const pub of nestedBlocks(library.values, 'publication')) {
        if (unknownAt(library, `${pub.path}.published`) || unknownAt(library, `${pub.path}.authentication_method`)) continue;
        const method = pub.values.authentication_method ?? 'NONE';
        if (!isTrue(pub.values.published) || typeof method !== 'string' || method.toUpperCase() !== 'NONE') continue;
        out.push(
          stackFinding(this, ctx, library, {
            attribute: `${pub.path}.authentication_method`,
            found: `content library ${label(library)} is published with authentication_method ${pub.values.authentication_method === undefined ? 'NONE (the default)' : `"${method}"`}: anyone who reaches vCenter can subscribe`,
            allowed: `authentication_method = "BASIC" for classification ${ctx.classification.id}; no authentication only for public and internal data`,
          }),
        );
      }
    }
    return out;
  },
};
