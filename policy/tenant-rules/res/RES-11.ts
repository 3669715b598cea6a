import type { PlacementRule } from './placement-rule';
import { formatSources, policy, standard } from '../../source';

/** RES-11: Air-gapped classifications go to air-gapped sites. */
export const RES_11: PlacementRule = {
  id: 'RES-11',
  title: 'Air-gapped classifications go to air-gapped sites',
  severity: 'error',
  rationale: 'A classified workload must have no network path out of its enclave.',
  sources: [standard('SecNumCloud 12.10.c'), policy('Clarence model', 'govcloud-tenants')],
  concerns: ['placement'],
  judge(site, c) {
    if (!c.airGapped.value || site.airGapped) return [];
    return [{ ruleId: this.id, severity: this.severity, found: `site ${site.id} is connected`, allowed: `classification ${c.id} requires an air-gapped site`, source: formatSources(c.airGapped.source) }];
  },
};
