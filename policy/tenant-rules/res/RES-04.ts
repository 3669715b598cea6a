import { placementIssue, type PlacementIssue, type PlacementRule } from './placement-rule';
import { constraintsAt, demands } from '../../conditions';
import { policy, standard } from '../../source';

/** RES-04: The operator is EU-established and, where required, EU-controlled. */
export const RES_04: PlacementRule = {
  id: 'RES-04',
  title: 'The operator is EU-established and, where required, EU-controlled',
  severity: 'error',
  rationale: 'An operator established or controlled outside the EU can be compelled by the law of its seat or of those who control it.',
  sources: [
    standard('SecNumCloud 3.2, 19.6.a (registered office and principal establishment in the EU)'),
    standard('SecNumCloud 3.2, 19.6.b (non-EU holdings at most 24 % each and 39 % together, no veto, no board majority)'),
    policy('PQ 3639 ¶1 (no legal dependency on changes of law in other countries)', 'Government of Luxembourg'),
  ],
  concerns: ['placement'],
  judge(site, c) {
    const out: PlacementIssue[] = [];
    for (const at of constraintsAt(site, c, 'euEstablished')) {
      if (at.constraint.value && !site.euEstablished) {
        out.push(placementIssue(this, c, at, `operator ${site.operator} of site ${site.id} is not EU-established`, `${demands(at.constraint)} an EU-established operator`));
      }
    }
    for (const at of constraintsAt(site, c, 'euControlled')) {
      if (at.constraint.value && !site.euControlled) {
        out.push(placementIssue(this, c, at, `operator ${site.operator} of site ${site.id} is not EU-controlled`, `${demands(at.constraint)} an EU-controlled operator`));
      }
    }
    return out;
  },
};
