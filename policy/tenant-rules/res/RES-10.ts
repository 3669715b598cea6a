import type { PlacementRule } from './placement-rule';
import { listOf } from '../site-suggestions';
import { formatSources, law, standard } from '../../source';

/** RES-10: No law outside the allowed jurisdictions can compel the operator. */
export const RES_10: PlacementRule = {
  id: 'RES-10',
  title: 'No law outside the allowed jurisdictions can compel the operator',
  severity: 'error',
  rationale: 'An EU region of a provider under foreign jurisdiction is still reachable by that jurisdiction (extraterritorial orders).',
  sources: [law('GDPR art. 48'), standard('SecNumCloud 19.6.c')],
  concerns: ['placement'],
  judge(site, c) {
    const foreign = site.operatorJurisdictions.filter((j) => !c.operatorJurisdictions.value.includes(j));
    if (foreign.length === 0) return [];
    return [
      {
        ruleId: this.id,
        severity: this.severity,
        found: `operator ${site.operator} of site ${site.id} answers to ${listOf(foreign)} law`,
        allowed: `classification ${c.id} allows operators under ${listOf(c.operatorJurisdictions.value)} only`,
        source: formatSources(c.operatorJurisdictions.source),
      },
    ];
  },
};
