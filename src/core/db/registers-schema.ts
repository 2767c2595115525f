/**
 * The compliance registers of issue 17 (Build 3 to 9), beside compliance-schema.ts (access
 * reviews); drizzle.config.ts lists every schema file, so migrations are generated from them all.
 * Text that names or describes a client's data is sealed under that client's key (`*_enc`, like
 * the records); the rest relies on the vault's page encryption (the DEK), as the security model
 * allows for the office's own registers. Days are Beijing calendar days "YYYY-MM-DD"; times ISO.
 */
import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { clients, users } from './schema';

const sealed = (name: string) => blob(name, { mode: 'buffer' });

/**
 * A file kept in the vault (a scanned confidentiality agreement, a client's signed agreement, a
 * partner's contract). `clientId` set: name and content are sealed under that client's key;
 * otherwise they are stored as they are, under the page encryption. Never written to disk apart.
 */
export const complianceFiles = sqliteTable('compliance_files', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  clientId: integer('client_id').references(() => clients.id),
  name: blob('name', { mode: 'buffer' }).notNull(),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  content: blob('content', { mode: 'buffer' }).notNull(),
  uploadedAt: text('uploaded_at').notNull(),
  uploadedBy: text('uploaded_by')
    .notNull()
    .references(() => users.id),
});

/** Editable letter and questionnaire templates, by key (e.g. 'incident.letter.zh-CN'). */
export const complianceTemplates = sqliteTable('compliance_templates', {
  key: text('key').primaryKey(),
  body: text('body').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by')
    .notNull()
    .references(() => users.id),
});

/** Build 3: an incident, or an emergency drill recorded the same way (`isDrill`). */
export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    isDrill: integer('is_drill', { mode: 'boolean' }).notNull(),
    title: text('title').notNull(),
    severity: text('severity', { enum: ['low', 'medium', 'high', 'critical'] }).notNull(),
    /** When it was found (ISO) and by whom (a staff member's name or an outsider's, as told). */
    foundAt: text('found_at').notNull(),
    foundBy: text('found_by').notNull(),
    whatHappened: text('what_happened').notNull(),
    /** The office's contact for clients, printed on the letters. */
    contact: text('contact'),
    lessons: text('lessons'),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    closedAt: text('closed_at'),
    closedBy: text('closed_by').references(() => users.id),
  },
  (t) => [index('incidents_status').on(t.status)],
);

/**
 * A client an incident affects, with the filter that picks its affected records (a JSON of
 * non-sensitive columns: accounts and a date range) and the count it matched; the notification
 * letter's own words (`letterEnc`, sealed under the client's key) and when the client was told.
 */
export const incidentClients = sqliteTable(
  'incident_clients',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    recordFilter: text('record_filter').notNull(),
    recordCount: integer('record_count').notNull(),
    whichDataEnc: sealed('which_data_enc'),
    letterEnc: sealed('letter_enc'),
    notifiedAt: text('notified_at'),
    notifiedBy: text('notified_by').references(() => users.id),
    notifiedHow: text('notified_how'),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.clientId] })],
);

/** The response team: staff members and their part in the response. */
export const incidentTeam = sqliteTable(
  'incident_team',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.userId] })],
);

/** The step log: what was done, when and by whom. Appended, never edited. */
export const incidentSteps = sqliteTable(
  'incident_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    kind: text('kind', { enum: ['containment', 'recovery', 'communication', 'note'] }).notNull(),
    text: text('text').notNull(),
    at: text('at').notNull(),
    by: text('by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('incident_steps_incident').on(t.incidentId)],
);

/** Build 4: a staff member's confidentiality agreement or code-of-conduct acknowledgement. */
export const staffAcknowledgements = sqliteTable(
  'staff_acknowledgements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['confidentiality', 'conduct'] }).notNull(),
    signedOn: text('signed_on').notNull(),
    fileId: integer('file_id').references(() => complianceFiles.id),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('staff_acknowledgements_user').on(t.userId, t.kind)],
);

/** Build 4: a training session (topic, trainer, day) and who attended with what result. */
export const trainingSessions = sqliteTable('training_sessions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  heldOn: text('held_on').notNull(),
  topic: text('topic').notNull(),
  trainer: text('trainer').notNull(),
  recordedAt: text('recorded_at').notNull(),
  recordedBy: text('recorded_by')
    .notNull()
    .references(() => users.id),
});

export const trainingResults = sqliteTable(
  'training_results',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    result: text('result', { enum: ['passed', 'failed', 'attended'] }).notNull(),
    /** The assessment score (0 to 100) when one was given. */
    score: integer('score'),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

/** Build 5: the data-protection agreement with a client; its scope sealed under the client's key. */
export const clientAgreements = sqliteTable(
  'client_agreements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    signedOn: text('signed_on').notNull(),
    scopeEnc: sealed('scope_enc'),
    renewalDate: text('renewal_date'),
    fileId: integer('file_id').references(() => complianceFiles.id),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('client_agreements_client').on(t.clientId)],
);

/** Build 6: a third party that touches client data, its agreement and what is shared with it. */
export const partners = sqliteTable('partners', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['bank', 'software', 'itSupport', 'other'] }).notNull(),
  dataShared: text('data_shared').notNull(),
  agreementSignedOn: text('agreement_signed_on'),
  agreementFileId: integer('agreement_file_id').references(() => complianceFiles.id),
  /** Months between security assessments (12 unless the office decides otherwise). */
  assessEveryMonths: integer('assess_every_months').notNull().default(12),
  status: text('status', { enum: ['active', 'ended'] }).notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => users.id),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by')
    .notNull()
    .references(() => users.id),
});

/** A partner's security assessment: the questionnaire's answers (JSON) and the result. */
export const partnerAssessments = sqliteTable(
  'partner_assessments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnerId: integer('partner_id')
      .notNull()
      .references(() => partners.id),
    assessedOn: text('assessed_on').notNull(),
    answers: text('answers').notNull(),
    result: text('result', { enum: ['pass', 'conditional', 'fail'] }).notNull(),
    notes: text('notes'),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('partner_assessments_partner').on(t.partnerId, t.assessedOn)],
);

/**
 * Build 7: a risk with its ratings (1 to 5), treatment, owner and review day. `signal`: the
 * posture fact whose amber or red raises it (e.g. 'backup' raises "data loss"), or null.
 */
export const risks = sqliteTable('risks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  description: text('description').notNull(),
  likelihood: integer('likelihood').notNull(),
  impact: integer('impact').notNull(),
  treatment: text('treatment', { enum: ['mitigate', 'accept', 'transfer', 'avoid'] }).notNull(),
  treatmentPlan: text('treatment_plan').notNull(),
  ownerId: text('owner_id')
    .notNull()
    .references(() => users.id),
  reviewDate: text('review_date').notNull(),
  signal: text('signal'),
  status: text('status', { enum: ['open', 'closed'] }).notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => users.id),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by')
    .notNull()
    .references(() => users.id),
});

/** Build 8: an internal audit in the plan, and (once held) when and by whom. */
export const internalAudits = sqliteTable('internal_audits', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  scope: text('scope').notNull(),
  plannedOn: text('planned_on').notNull(),
  heldOn: text('held_on'),
  auditor: text('auditor').notNull(),
  conclusion: text('conclusion'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => users.id),
});

/** A finding of an internal audit, tracked to closure by its owner before its due day. */
export const auditFindings = sqliteTable(
  'audit_findings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    auditId: integer('audit_id')
      .notNull()
      .references(() => internalAudits.id),
    title: text('title').notNull(),
    detail: text('detail').notNull(),
    severity: text('severity', { enum: ['low', 'medium', 'high'] }).notNull(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    dueDate: text('due_date').notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    resolution: text('resolution'),
    closedAt: text('closed_at'),
    closedBy: text('closed_by').references(() => users.id),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('audit_findings_status').on(t.status, t.dueDate)],
);

/**
 * Build 9: the retention period of each record kind (会计档案管理办法 附表; editable, with the
 * article cited). Seeded by the core on first read: bank statements 10 years, vouchers 30.
 */
export const retentionPeriods = sqliteTable('retention_periods', {
  kind: text('kind').primaryKey(),
  years: integer('years').notNull(),
  article: text('article').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/**
 * Which record kind a payment account's records are kept as (null: 'bankStatement'), so a
 * card or Alipay account can be kept as vouchers when the office files them that way.
 */
export const accountRetention = sqliteTable('account_retention', {
  accountId: integer('account_id').primaryKey(),
  kind: text('kind').notNull(),
});

/** A legal hold on a client: nothing of it is purged while one is in force. */
export const legalHolds = sqliteTable(
  'legal_holds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    reason: text('reason').notNull(),
    placedAt: text('placed_at').notNull(),
    placedBy: text('placed_by')
      .notNull()
      .references(() => users.id),
    releasedAt: text('released_at'),
    releasedBy: text('released_by').references(() => users.id),
  },
  (t) => [index('legal_holds_client').on(t.clientId)],
);

/**
 * A purge of deleted records whose period has ended: one person requests (the record ids it
 * covers, JSON), another admin or manager approves, and only then are the rows removed.
 */
export const purgeRequests = sqliteTable(
  'purge_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    recordIds: text('record_ids').notNull(),
    requestedAt: text('requested_at').notNull(),
    requestedBy: text('requested_by')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ['pending', 'approved', 'refused'] }).notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by').references(() => users.id),
    purgedCount: integer('purged_count'),
  },
  (t) => [index('purge_requests_status').on(t.status)],
);
