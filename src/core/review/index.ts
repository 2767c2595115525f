/** Access reviews (issue 17, Build 2): what the handlers, the posture and the CLI call. */
export { decideReview, getReviews, reviewFacts, startReview } from './rounds';
