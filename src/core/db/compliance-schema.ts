/**
 * The compliance tables (issue 17), beside schema.ts and import-schema.ts; drizzle.config.ts lists
 * all three, so migrations are generated from them together. Later parts of issue 17 (incidents,
 * people, agreements, partners, risks, internal audit) add their tables here.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { clients, users } from './schema';

/**
 * An access review round (issue 17, Build 2): an admin asks for every per-client grant to be
 * confirmed or revoked by a due date. Closed when every item is decided (or its grant is gone).
 */
export const accessReviewRounds = sqliteTable(
  'access_review_rounds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The Beijing calendar day the round is due, "2026-12-31". */
    dueDate: text('due_date').notNull(),
    startedAt: text('started_at').notNull(),
    startedBy: text('started_by')
      .notNull()
      .references(() => users.id),
    /** When the last item was decided; null while open. */
    closedAt: text('closed_at'),
  },
  (t) => [index('access_review_rounds_closed').on(t.closedAt)],
);

/**
 * One grant under review, as it stood when the round started. `assignee`: the manager asked to
 * decide it (accountants' grants, when the admin named one), or null for the admins. `decision`
 * is null while pending; 'gone' when the grant was revoked outside the review before a decision.
 */
export const accessReviewItems = sqliteTable(
  'access_review_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => accessReviewRounds.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    canWrite: integer('can_write', { mode: 'boolean' }).notNull(),
    grantedAt: text('granted_at').notNull(),
    assigneeId: text('assignee_id').references(() => users.id),
    decision: text('decision', { enum: ['confirmed', 'revoked', 'gone'] }),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('access_review_items_grant').on(t.roundId, t.userId, t.clientId),
    index('access_review_items_assignee').on(t.assigneeId, t.decision),
  ],
);
