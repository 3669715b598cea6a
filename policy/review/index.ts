export * from './plan-review';
export { reviewPlan, mergeReviews, type ReviewOptions } from './review-plan';
export { classifyPlannedChange } from './plan-risks';
