import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { addFinding, auditReport, closeFinding, getInternalAudits, holdAudit, planAudit } from './audits';

/** Internal audit (issue 17, Build 8); authorized and audited in audits.ts. */
export function registerInternalAuditHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('internalAudit:get', () => getInternalAudits(s()));
  registry.register('internalAudit:plan', (input) => planAudit(s(), input));
  registry.register('internalAudit:hold', (input) => holdAudit(s(), input));
  registry.register('internalAudit:addFinding', (input) => addFinding(s(), input));
  registry.register('internalAudit:closeFinding', (input) => closeFinding(s(), input));
  registry.register('internalAudit:report', (input) => auditReport(s(), input));
}
