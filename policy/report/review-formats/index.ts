export { renderReview, REVIEW_FORMATS, type ReviewFormat } from './render-review';
export { renderReviewText, type ReviewTextOptions } from './review-text';
export { renderReviewMarkdown } from './review-markdown';
export { renderReviewJson, JSON_REVIEW_VERSION } from './review-json';
