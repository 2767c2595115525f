import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { getTemplates, markNotified, saveTemplate, writeLetters } from './letters';
import { addIncident, addStep, closeIncident, setAffectedClient, setLessons, setTeamMember } from './register';
import { getIncident, listIncidents } from './view';

/** Incidents and drills (issue 17, Build 3); authorized and audited in register.ts, letters.ts and view.ts. */
export function registerIncidentsHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('incidents:list', () => listIncidents(s()));
  registry.register('incidents:get', (input) => getIncident(s(), input));
  registry.register('incidents:add', (input) => addIncident(s(), input));
  registry.register('incidents:addStep', (input) => addStep(s(), input));
  registry.register('incidents:setTeam', (input) => setTeamMember(s(), input));
  registry.register('incidents:setClient', (input) => setAffectedClient(s(), input));
  registry.register('incidents:letters', (input) => writeLetters(s(), input));
  registry.register('incidents:notify', (input) => markNotified(s(), input));
  registry.register('incidents:lessons', (input) => setLessons(s(), input));
  registry.register('incidents:close', (input) => closeIncident(s(), input));
  registry.register('incidents:templates', () => getTemplates(s()));
  registry.register('incidents:saveTemplate', (input) => saveTemplate(s(), input));
}
