export { PLACEMENT_RULES, placementIssues, siteAllowsPlacement } from './placement-rules';
export type { PlacementIssue, PlacementRule } from './placement-rule';
