/** Client agreements (issue 17, Build 5): what the handlers, the posture and the CLI call. */
export { agreementCounts, exportAgreementFile, getAgreements, recordAgreement } from './register';
