import type { PlanReview } from '../../review/plan-review';
import { renderReviewJson } from './review-json';
import { renderReviewMarkdown } from './review-markdown';
import { renderReviewText } from './review-text';

/** Every format a plan review renders to. */
export const REVIEW_FORMATS = ['text', 'markdown', 'json'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

/** Renders a review in one format; colour applies to text only. */
export function renderReview(review: PlanReview, format: ReviewFormat, options: { readonly color?: boolean } = {}): string {
  if (format === 'markdown') return renderReviewMarkdown(review);
  if (format === 'json') return renderReviewJson(review);
  return renderReviewText(review, options);
}
