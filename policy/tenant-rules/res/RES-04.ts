import type { PlacementIssue, PlacementRule } from './placement-rule';
import { formatSources, standard } from '../../source';

/** RES-04: The operator is EU-established and, where required, EU-controlled. */
export const RES_04: PlacementRule = {
  id: 'RES-04',
  title: 'The operator is EU-established and, where required, EU-controlled',
  severity: 'error',
  rationale: 'An operator established or controlled outside the EU can be compelled by foreign law (SecNumCloud 19.6).',
  sources: [standard('SecNumCloud 19.6.a-b')],
  concerns: ['placement'],
  judge(site, c) {
    const out: PlacementIssue[] = [];
    if (c.euEstablished.value && !site.euEstablished) {
      out.push({ ruleId: this.id, severity: this.severity, found: `operator ${site.operator} of site ${site.id} is not EU-established`, allowed: `classification ${c.id} requires an EU-established operator`, source: formatSources(c.euEstablished.source) });
    }
    if (c.euControlled.value && !site.euControlled) {
      out.push({ ruleId: this.id, severity: this.severity, found: `operator ${site.operator} of site ${site.id} is not EU-controlled`, allowed: `classification ${c.id} requires an EU-controlled operator`, source: formatSources(c.euControlled.source) });
    }
    return out;
  },
};
