import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { beginMfaEnrolment, confirmMfaEnrolment } from './mfa';
import { listSecuritySignals } from './signals';

/** Two-step verification enrolment and the abnormal sign-in signals. */
export function registerAuthHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('account:mfaBegin', () => beginMfaEnrolment(s()));
  registry.register('account:mfaConfirm', (i) => {
    confirmMfaEnrolment(s(), i.code);
    return service.status();
  });
  registry.register('security:signals', () => listSecuritySignals(s()));
}
