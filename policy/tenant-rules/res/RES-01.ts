import { placementIssue, type PlacementRule } from './placement-rule';
import { listOf } from '../site-suggestions';
import { law, policy, standard } from '../../source';

/** RES-01: Data stays in the countries its classification allows. */
export const RES_01: PlacementRule = {
  id: 'RES-01',
  title: 'Data stays in the countries its classification allows',
  severity: 'error',
  rationale:
    'Where data is stored and processed decides which law reaches it. The law sets the floor (the EU/EEA); where it ' +
    'leaves Member States room, the State may ask for more, and the classification cites both.',
  sources: [
    law('GDPR art. 44 (transfers outside the EU/EEA only under chapter V)'),
    law('GDPR art. 9(4) (Member States may add conditions for health data)'),
    standard('SecNumCloud 3.2, 19.2.a–b'),
    policy('PQ 3639 ¶4–¶6 (health data in Luxembourg; research data in Luxembourg or Germany)', 'Government of Luxembourg'),
  ],
  concerns: ['placement'],
  judge(site, c) {
    if (c.countries.value.includes(site.country)) return [];
    return [placementIssue(this, c, { name: 'countries', constraint: c.countries }, `site ${site.id} is in ${site.country}`, `allows ${listOf(c.countries.value)}`)];
  },
};
