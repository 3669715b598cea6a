import { placementIssue, type PlacementRule } from './placement-rule';
import { listOf } from '../site-suggestions';
import { constraintsAt } from '../../conditions';
import { policy, standard } from '../../source';

/** RES-10: No law outside the allowed jurisdictions can compel the operator. */
export const RES_10: PlacementRule = {
  id: 'RES-10',
  title: 'No law outside the allowed jurisdictions can compel the operator',
  severity: 'error',
  rationale:
    'Every jurisdiction whose law can compel the operator (its seat, its owners\' seats) reaches the data wherever it ' +
    'sits: an EU region of a US-owned provider answers to US law. GDPR art. 48 makes a third-country order ' +
    'unenforceable without an agreement but does not stop an operator from obeying it, and chapter V does not bar an ' +
    'EU subsidiary of a non-EU group; the operator is judged as SecNumCloud 19.6 does, stricter than GDPR, and the ' +
    'classification says which jurisdictions it accepts.',
  sources: [
    standard('SecNumCloud 3.2, 19.6.a–b (EU seat; no control from outside the EU)'),
    policy('PQ 3639 ¶1 (no legal dependency on changes of law in other countries)', 'Government of Luxembourg'),
  ],
  concerns: ['placement'],
  judge(site, c) {
    return constraintsAt(site, c, 'operatorJurisdictions').flatMap((at) => {
      const foreign = site.operatorJurisdictions.filter((j) => !at.constraint.value.includes(j));
      if (foreign.length === 0) return [];
      const found = `operator ${site.operator} of site ${site.id} answers to ${listOf(foreign)} law`;
      return [placementIssue(this, c, at, found, `allows operators under ${listOf(at.constraint.value)} law only`)];
    });
  },
};
