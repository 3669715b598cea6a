import type { PlacementRule } from './placement-rule';
import { formatSources, policy, standard } from '../../source';

const TIERS = ['I', 'II', 'III', 'IV'] as const;

/** RES-13: The site meets the classification's minimum datacentre tier. */
export const RES_13: PlacementRule = {
  id: 'RES-13',
  title: 'The site meets the classification\'s minimum datacentre tier',
  severity: 'error',
  rationale: 'Availability of a national record (the DSP) is part of its protection.',
  sources: [standard('Uptime Institute tier'), policy('national policy', 'Government of Luxembourg')],
  concerns: ['placement'],
  judge(site, c) {
    if (!c.minimumTier) return [];
    const have = site.tier ? TIERS.indexOf(site.tier) : -1;
    if (have >= TIERS.indexOf(c.minimumTier.value)) return [];
    return [{ ruleId: this.id, severity: this.severity, found: `site ${site.id} is tier ${site.tier ?? 'unrated'}`, allowed: `classification ${c.id} requires tier ${c.minimumTier.value} or higher`, source: formatSources(c.minimumTier.source) }];
  },
};
