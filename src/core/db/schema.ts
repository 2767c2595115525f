/**
 * The vault's tables. Migrations in drizzle/ are generated from this file (npm run db:generate)
 * and are history: never edit one that shipped, add the next.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const vaultMeta = sqliteTable('vault_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const ROLES = ['admin', 'manager', 'accountant', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by'),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [uniqueIndex('users_username_unique').on(t.username)],
);

export const clients = sqliteTable('clients', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  uscc: text('uscc'),
  taxpayerType: text('taxpayer_type'),
  contact: text('contact'),
  status: text('status', { enum: ['active', 'archived'] })
    .notNull()
    .default('active'),
  notes: text('notes'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
  version: integer('version').notNull().default(1),
});

export const ACCOUNT_KINDS = ['bank', 'alipay', 'wechat', 'card', 'other'] as const;

export const paymentAccounts = sqliteTable(
  'payment_accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    kind: text('kind', { enum: ACCOUNT_KINDS }).notNull(),
    institution: text('institution'),
    accountNumber: text('account_number'),
    holder: text('holder'),
    currency: text('currency').notNull().default('CNY'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('payment_accounts_client').on(t.clientId)],
);

export const DIRECTIONS = ['in', 'out', 'neutral'] as const;
export const RECORD_STATUSES = ['succeeded', 'refunded', 'closed', 'pending'] as const;

export const paymentRecords = sqliteTable(
  'payment_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    accountId: integer('account_id').references(() => paymentAccounts.id),
    /** Epoch milliseconds (UTC); `tz` keeps the zone it was entered in for display. */
    occurredAt: integer('occurred_at').notNull(),
    tz: text('tz').notNull().default('Asia/Shanghai'),
    direction: text('direction', { enum: DIRECTIONS }).notNull(),
    /** Integer minor units (fen for CNY): money is never a float. */
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull().default('CNY'),
    channel: text('channel'),
    counterparty: text('counterparty'),
    counterpartyAccount: text('counterparty_account'),
    reference: text('reference'),
    merchantOrderRef: text('merchant_order_ref'),
    memo: text('memo'),
    category: text('category'),
    status: text('status', { enum: RECORD_STATUSES }).notNull().default('succeeded'),
    source: text('source').notNull().default('manual'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    version: integer('version').notNull().default(1),
    deletedAt: text('deleted_at'),
    deletedBy: text('deleted_by'),
    deletedReason: text('deleted_reason'),
  },
  (t) => [
    index('payment_records_client_time').on(t.clientId, t.occurredAt),
    index('payment_records_account_ref').on(t.accountId, t.reference),
  ],
);

/**
 * The tamper-evident log. `hash` = HMAC(auditKey, previous hash || canonical event); `seq` is
 * assigned by the core, gap-free, so a deleted row shows as a gap.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    tz: text('tz').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    workstation: text('workstation').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    clientId: integer('client_id'),
    outcome: text('outcome', { enum: ['ok', 'denied', 'failed'] }).notNull(),
    details: text('details')
      .notNull()
      .default(sql`'{}'`),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_client').on(t.clientId, t.seq),
    index('audit_events_actor').on(t.actorId, t.seq),
    index('audit_events_action').on(t.action, t.seq),
  ],
);
