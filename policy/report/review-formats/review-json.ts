import { stableJson } from '../../stable-json';
import type { PlanReview } from '../../review/plan-review';
import { totalCounts } from './review-facts';

/** Version of the JSON review's shape; raised when a field is renamed or removed, not when one is added. */
export const JSON_REVIEW_VERSION = 1;

/**
 * The review as JSON for other programs: the {@link PlanReview} as it is, plus `formatVersion` and `counts` (summed
 * over tenants). Keys are sorted at every level and absent fields left out, so the same plan and findings give the
 * same bytes however the review's objects were built.
 */
export function renderReviewJson(review: PlanReview): string {
  const document = { formatVersion: JSON_REVIEW_VERSION, counts: totalCounts(review), ...review };
  return `${stableJson(document, { space: 2 })}\n`;
}
