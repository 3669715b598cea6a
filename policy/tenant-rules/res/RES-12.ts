import type { PlacementIssue, PlacementRule } from './placement-rule';
import { listOf } from '../site-suggestions';
import { formatSources, standard } from '../../source';

/** RES-12: The site holds the certifications the classification requires. */
export const RES_12: PlacementRule = {
  id: 'RES-12',
  title: 'The site holds the certifications the classification requires',
  severity: 'error',
  rationale: 'Certifications attest the controls a classification relies on; model them as data, never one scheme.',
  sources: [standard('SecNumCloud'), standard('HDS-2024'), standard('BSI C5')],
  concerns: ['placement'],
  judge(site, c) {
    const out: PlacementIssue[] = [];
    const missing = c.certificationsAll.value.filter((x) => !site.certifications.includes(x));
    if (missing.length) {
      out.push({ ruleId: this.id, severity: this.severity, found: `site ${site.id} lacks ${listOf(missing)}`, allowed: `classification ${c.id} requires all of ${listOf(c.certificationsAll.value)}`, source: formatSources(c.certificationsAll.source) });
    }
    const anyOf = c.certificationsAnyOf.value;
    if (anyOf.length && !anyOf.some((x) => site.certifications.includes(x))) {
      out.push({ ruleId: this.id, severity: this.severity, found: `site ${site.id} holds none of ${listOf(anyOf)}`, allowed: `classification ${c.id} requires one of ${listOf(anyOf)}`, source: formatSources(c.certificationsAnyOf.source) });
    }
    return out;
  },
};
