/** Risks (issue 17, Build 7): what the handlers and the CLI call. */
export { addStarterRisk, listRisks, saveRisk, type RiskOptions } from './register';
