/**
 * Incidents and emergency drills (issue 17, Build 3; seed 十): the register, the response team,
 * the step log, the affected clients with their records by filter, the notification letters and
 * closure. Admins and managers keep it ('incident.manage'), auditors read it ('incident.list').
 */
import { z } from 'zod';
import { id, out, text, username } from '../schema-kit';

export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const INCIDENT_STEP_KINDS = ['containment', 'recovery', 'communication', 'note'] as const;
export type IncidentStepKind = (typeof INCIDENT_STEP_KINDS)[number];

export const LETTER_LOCALES = ['zh-CN', 'en'] as const;
export type LetterLocale = (typeof LETTER_LOCALES)[number];

/** The records of a client an incident touched: some of its accounts (none: all) and/or a Beijing date range. */
export const recordFilter = z.strictObject({
  accountIds: z.array(id).max(200).default([]),
  from: z.iso.date().nullable().default(null),
  to: z.iso.date().nullable().default(null),
});
export type RecordFilter = z.infer<typeof recordFilter>;

export interface IncidentSummary {
  id: number;
  isDrill: boolean;
  title: string;
  severity: IncidentSeverity;
  /** ISO instant. */
  foundAt: string;
  foundBy: string;
  status: 'open' | 'closed';
  clients: number;
  notified: number;
  createdAt: string;
  closedAt: string | null;
}

export interface IncidentClientView {
  clientId: number;
  /** Null when this session holds no key for the client: shown by number, its texts unreadable. */
  clientName: string | null;
  filter: RecordFilter;
  /** Non-deleted records the filter matched when it was set. */
  recordCount: number;
  whichData: string | null;
  letter: string | null;
  hasLetter: boolean;
  notifiedAt: string | null;
  notifiedBy: string | null;
  notifiedHow: string | null;
}

export interface IncidentStepView {
  id: number;
  kind: IncidentStepKind;
  text: string;
  at: string;
  by: string;
}

export interface IncidentDetail extends IncidentSummary {
  whatHappened: string;
  contact: string | null;
  lessons: string | null;
  createdBy: string;
  closedBy: string | null;
  team: { username: string; displayName: string; role: string }[];
  steps: IncidentStepView[];
  affected: IncidentClientView[];
  /** The signed-in user may change it (an admin or manager, and it is open). */
  canManage: boolean;
}

export interface IncidentsView {
  /** Newest first. */
  incidents: IncidentSummary[];
  canManage: boolean;
  /** Active staff who may be put on a response team. */
  staff: { username: string; displayName: string }[];
}

export interface IncidentTemplates {
  templates: { locale: LetterLocale; body: string; edited: boolean; updatedAt: string | null }[];
  /** The placeholders a template may use. */
  placeholders: readonly string[];
}

const incidentId = z.strictObject({ id });

export const incidentAdd = z.strictObject({
  isDrill: z.boolean().default(false),
  title: text(200).min(1),
  severity: z.enum(INCIDENT_SEVERITIES),
  /** ISO instant, or Beijing "2026-12-01 09:30". */
  foundAt: text(40).min(1),
  foundBy: text(100).min(1),
  whatHappened: text(4000).min(1),
  contact: text(300).nullable().default(null),
});
export type IncidentAdd = z.input<typeof incidentAdd>;

export const incidentStep = z.strictObject({ id, kind: z.enum(INCIDENT_STEP_KINDS), text: text(2000).min(1) });
export const incidentTeam = z.strictObject({ id, username, role: text(100).min(1) });
export const incidentClient = z.strictObject({
  id,
  clientId: id,
  filter: recordFilter.default({ accountIds: [], from: null, to: null }),
  whichData: text(2000).min(1),
});
export type IncidentClientInput = z.input<typeof incidentClient>;
export const incidentLetters = z.strictObject({
  id,
  locale: z.enum(LETTER_LOCALES).default('zh-CN'),
  /** What the client should do (the letter's fourth part). */
  advice: text(2000).min(1),
});
export const incidentNotify = z.strictObject({ id, clientId: id, how: text(200).min(1) });
export const incidentLessons = z.strictObject({ id, lessons: text(4000).min(1) });
export const incidentTemplate = z.strictObject({ locale: z.enum(LETTER_LOCALES), body: text(8000).min(1) });

export const incidentsContract = {
  'incidents:list': { input: z.strictObject({}), output: out<IncidentsView>() },
  'incidents:get': { input: incidentId, output: out<IncidentDetail>() },
  'incidents:add': { input: incidentAdd, output: out<IncidentDetail>() },
  'incidents:addStep': { input: incidentStep, output: out<IncidentDetail>() },
  'incidents:setTeam': { input: incidentTeam, output: out<IncidentDetail>() },
  'incidents:setClient': { input: incidentClient, output: out<IncidentDetail>() },
  'incidents:letters': { input: incidentLetters, output: out<IncidentDetail>() },
  'incidents:notify': { input: incidentNotify, output: out<IncidentDetail>() },
  'incidents:lessons': { input: incidentLessons, output: out<IncidentDetail>() },
  'incidents:close': { input: incidentId, output: out<IncidentDetail>() },
  'incidents:templates': { input: z.strictObject({}), output: out<IncidentTemplates>() },
  'incidents:saveTemplate': { input: incidentTemplate, output: out<IncidentTemplates>() },
} as const;
