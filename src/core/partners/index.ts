/** Partners (issue 17, Build 6): what the handlers, the posture and the CLI call. */
export { assessPartner, exportPartnerFile, listPartners, partnerFacts, savePartner } from './register';
