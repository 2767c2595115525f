/** Internal audit (issue 17, Build 8): what the handlers, the posture and tests call. */
export { addFinding, auditReport, closeFinding, getInternalAudits, holdAudit, planAudit } from './audits';
export { findingFacts } from './view';
