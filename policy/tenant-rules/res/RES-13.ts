import { placementIssue, type PlacementRule } from './placement-rule';
import { constraintsAt, demands } from '../../conditions';
import { policy, standard } from '../../source';

const TIERS = ['I', 'II', 'III', 'IV'] as const;

/** RES-13: The site meets the classification's minimum datacentre tier. */
export const RES_13: PlacementRule = {
  id: 'RES-13',
  title: 'The site meets the classification\'s minimum datacentre tier',
  severity: 'error',
  rationale:
    'Availability is a pillar of sovereignty the Government names, and a tier is one measure of it; no public source ' +
    'sets a tier for any class of data, so a classification asks one as a warning unless a stated policy sets it.',
  sources: [
    standard('Uptime Institute, Tier Standard: Topology (tiers I–IV)'),
    policy('PQ 3639 ¶1 (availability of infrastructure, services and data is a pillar of sovereignty)', 'Government of Luxembourg'),
  ],
  concerns: ['placement'],
  judge(site, c) {
    const have = site.tier ? TIERS.indexOf(site.tier) : -1;
    return constraintsAt(site, c, 'minimumTier')
      .filter((at) => have < TIERS.indexOf(at.constraint.value))
      .map((at) => placementIssue(this, c, at, `site ${site.id} is tier ${site.tier ?? 'unrated'}`, `${demands(at.constraint)} tier ${at.constraint.value} or higher`));
  },
};
