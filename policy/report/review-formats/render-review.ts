import type { PlanReview } from '../../review/plan-review';
import { renderReviewJson } from './review-json';
import { renderReviewMarkdown } from './review-markdown';
import { renderReviewText } from './review-text';
import type { ReviewFormat } from './review-format';

export { REVIEW_FORMATS, type ReviewFormat } from './review-format';

/** Renders a review in one format; colour applies to text only. */
export function renderReview(review: PlanReview, format: ReviewFormat, options: { readonly color?: boolean } = {}): string {
  if (format === 'markdown') return renderReviewMarkdown(review);
  if (format === 'json') return renderReviewJson(review);
  return renderReviewText(review, options);
}
