import { placementIssue, type PlacementRule } from './placement-rule';
import { listOf } from '../site-suggestions';
import { constraintsAt, demands } from '../../conditions';
import { standard } from '../../source';

/** RES-12: The site holds the certifications the classification requires. */
export const RES_12: PlacementRule = {
  id: 'RES-12',
  title: 'The site holds the certifications the classification requires',
  severity: 'error',
  rationale:
    'Certifications attest controls; which ones a site needs, where, and on what ground is the classification\'s ' +
    'choice, written as data with its sources (a German cloud for research, say), never one scheme for every site. ' +
    'HDS is no SecNumCloud: it keeps data in the EEA and has the host disclose its exposure to non-EU law, it does ' +
    'not exclude that exposure.',
  sources: [
    standard('ISO/IEC 27001:2022'),
    standard('BSI C5:2020'),
    standard('SecNumCloud 3.2'),
    standard('HDS 2024, EXI 28 (storage in the EEA), EXI 30 (exposure to non-EU law disclosed)'),
  ],
  concerns: ['placement'],
  judge(site, c) {
    const all = constraintsAt(site, c, 'certificationsAll').flatMap((at) => {
      const missing = at.constraint.value.filter((x) => !site.certifications.includes(x));
      if (!missing.length) return [];
      return [placementIssue(this, c, at, `site ${site.id} lacks ${listOf(missing)}`, `${demands(at.constraint)} all of ${listOf(at.constraint.value)}`)];
    });
    const anyOf = constraintsAt(site, c, 'certificationsAnyOf').flatMap((at) => {
      const wanted = at.constraint.value;
      if (!wanted.length || wanted.some((x) => site.certifications.includes(x))) return [];
      return [placementIssue(this, c, at, `site ${site.id} holds none of ${listOf(wanted)}`, `${demands(at.constraint)} one of ${listOf(wanted)}`)];
    });
    return [...all, ...anyOf];
  },
};
