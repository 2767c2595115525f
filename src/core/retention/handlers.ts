import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { placeHold, releaseHold } from './holds';
import { setAccountRetentionKind, setRetentionPeriod } from './periods';
import { approvePurge, planPurge, refusePurge, requestPurge } from './purge';
import { getRetention, retentionView } from './view';

/** Record retention (issue 17, Build 9); authorized and audited in the functions called. */
export function registerRetentionHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  /** A change, then the view as it stands after it. */
  const then = (change: () => unknown) => {
    change();
    return retentionView(s());
  };
  registry.register('retention:get', () => getRetention(s()));
  registry.register('retention:setPeriod', (input) => then(() => setRetentionPeriod(s(), input)));
  registry.register('retention:setAccountKind', (input) => then(() => setAccountRetentionKind(s(), input)));
  registry.register('retention:placeHold', (input) => then(() => placeHold(s(), input)));
  registry.register('retention:releaseHold', (input) => then(() => releaseHold(s(), input)));
  registry.register('retention:plan', (input) => planPurge(s(), input));
  registry.register('retention:request', (input) => then(() => requestPurge(s(), input)));
  registry.register('retention:approve', (input) => then(() => approvePurge(s(), input)));
  registry.register('retention:refuse', (input) => then(() => refusePurge(s(), input)));
}
