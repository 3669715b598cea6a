import type { PlacementRule } from './placement-rule';
import { listOf } from '../site-suggestions';
import { formatSources, law, standard } from '../../source';

/** RES-01: Data stays in the countries its classification allows. */
export const RES_01: PlacementRule = {
  id: 'RES-01',
  title: 'Data stays in the countries its classification allows',
  severity: 'error',
  rationale: 'Where data is stored and processed decides which law reaches it.',
  sources: [standard('SecNumCloud 19.2.a-b'), law('GDPR art. 44'), law('EHDS art. 87')],
  concerns: ['placement'],
  judge(site, c) {
    if (c.countries.value.includes(site.country)) return [];
    return [
      { ruleId: this.id, severity: this.severity, found: `site ${site.id} is in ${site.country}`, allowed: `classification ${c.id} allows ${listOf(c.countries.value)}`, source: formatSources(c.countries.source) },
    ];
  },
};
