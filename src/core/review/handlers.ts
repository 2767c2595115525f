import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { decideReview, getReviews, startReview } from './rounds';

/** Access review rounds (issue 17, Build 2); authorized and audited in rounds.ts. */
export function registerReviewHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('review:get', () => getReviews(s()));
  registry.register('review:start', (input) => startReview(s(), input));
  registry.register('review:decide', (input) => decideReview(s(), input));
}
