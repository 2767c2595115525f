/** Incidents and drills (issue 17, Build 3): what the handlers, the posture and the CLI call. */
export { incidentFacts, type IncidentFacts } from './facts';
export { getTemplates, markNotified, saveTemplate, writeLetters } from './letters';
export { addIncident, addStep, closeIncident, setAffectedClient, setLessons, setTeamMember } from './register';
export { getIncident, listIncidents } from './view';
