import { placementIssue, type PlacementRule } from './placement-rule';
import { constraintsAt, demands } from '../../conditions';
import { policy } from '../../source';

/** RES-11: Air-gapped classifications go to air-gapped sites. */
export const RES_11: PlacementRule = {
  id: 'RES-11',
  title: 'Air-gapped classifications go to air-gapped sites',
  severity: 'error',
  rationale:
    'A workload that must have no network path out of its enclave needs a site that has none. SecNumCloud requires no ' +
    'air gap (12.8.a even allows external time sources, except for isolated networks): the air gap is a policy choice.',
  sources: [policy('an air gap for the data classified so, on the model of Clarence, the disconnected sovereign cloud (PQ 3639 ¶8)', 'govcloud-tenants')],
  concerns: ['placement'],
  judge(site, c) {
    return constraintsAt(site, c, 'airGapped')
      .filter((at) => at.constraint.value && !site.airGapped)
      .map((at) => placementIssue(this, c, at, `site ${site.id} is connected`, `${demands(at.constraint)} an air-gapped site`));
  },
};
