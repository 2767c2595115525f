/**
 * Sensitive text is stored under the client's key (security model v2): a `*_enc` BLOB holds the
 * field cipher's output (src/core/vault/sealed-fields.ts). The plain `text` column beside it is
 * the version-1 column it replaces: NULL in every version-2 row (the upgrade empties it), kept
 * only so that a version-1 vault can be upgraded in place.
 */
const sealed = (name: string) => blob(name, { mode: 'buffer' });

/**
 * The vault's tables. Migrations in drizzle/ are generated from this file (npm run db:generate)
 * and are history: never edit one that shipped, add the next.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ROLE_NAMES, type Role } from '../../shared/access/roles';
import { AUDIT_OUTCOMES } from '../../shared/audit/contract';
import { ACCOUNT_KINDS } from '../../shared/masking';
import { DIRECTIONS, RECORD_STATUSES } from '../../shared/records/rules';

// The enums are defined once in src/shared (the contract and the forms use the same lists).
export type { Role };

export const vaultMeta = sqliteTable('vault_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ROLE_NAMES }).notNull(),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by'),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by'),
    passwordChangedAt: text('password_changed_at'),
    /** Version 1 only (plain base32 TOTP secret): NULL in version 2. */
    mfaSecret: text('mfa_secret'),
    /** Version 1 only: NULL in version 2. */
    mfaPendingSecret: text('mfa_pending_secret'),
    /** The confirmed TOTP secret, sealed under a key only the user's own identity yields. */
    mfaSecretEnc: sealed('mfa_secret_enc'),
    /** A secret shown for enrolment but not yet confirmed with a first code (sealed the same way). */
    mfaPendingSecretEnc: sealed('mfa_pending_secret_enc'),
    /** The last TOTP time step accepted, so that a code cannot be replayed. */
    mfaLastStep: integer('mfa_last_step'),
  },
  (t) => [uniqueIndex('users_username_unique').on(t.username)],
);

/** Argon2id hashes of a user's recent passwords, to refuse reuse of the last few. */
export const passwordHistory = sqliteTable(
  'password_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    hash: text('hash').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('password_history_user').on(t.userId, t.id)],
);

/** One-time MFA recovery codes, stored as SHA-256 of the code (they are 50-bit random). */
export const mfaRecoveryCodes = sqliteTable(
  'mfa_recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    createdAt: text('created_at').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('mfa_recovery_codes_user').on(t.userId)],
);

/** Which staff may see which client's records; `canWrite` for entry and import. */
export const clientGrants = sqliteTable(
  'client_grants',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    canWrite: integer('can_write', { mode: 'boolean' }).notNull().default(false),
    grantedBy: text('granted_by').notNull(),
    grantedAt: text('granted_at').notNull(),
    /** The signed grant statement (JSON, crypto/grant-statements.ts); the row's columns must match it. */
    statement: text('statement'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.clientId] }), index('client_grants_client').on(t.clientId)],
);

/** Permissions given to one user beyond their role (for example records.reveal to an accountant). */
export const userPermissions = sqliteTable(
  'user_permissions',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    permission: text('permission').notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: text('granted_at').notNull(),
    /** The signed permission statement (JSON); the row's columns must match it. */
    statement: text('statement'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.permission] })],
);

/** Vault-wide settings, one JSON value per key, validated by src/core/settings. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Workstations each user has signed in from, for the "first sign-in here" signal. */
export const signinWorkstations = sqliteTable(
  'signin_workstations',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    workstation: text('workstation').notNull(),
    firstSeenAt: text('first_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.workstation] })],
);

export const clients = sqliteTable('clients', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Version 1 only (see `sealed`); '' in version 2 (NOT NULL since version 1, and a rebuild is not worth it). */
  name: text('name').notNull(),
  uscc: text('uscc'),
  nameEnc: sealed('name_enc'),
  usccEnc: sealed('uscc_enc'),
  contactEnc: sealed('contact_enc'),
  notesEnc: sealed('notes_enc'),
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
    accountNumberEnc: sealed('account_number_enc'),
    holderEnc: sealed('holder_enc'),
    currency: text('currency').notNull().default('CNY'),
    /** 期初余额: the balance at the start of `openingBalanceDate` (integer minor units), if entered. */
    openingBalanceMinor: integer('opening_balance_minor'),
    /** The day the opening balance holds at the start of, YYYY-MM-DD in Asia/Shanghai. */
    openingBalanceDate: text('opening_balance_date'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('payment_accounts_client').on(t.clientId)],
);

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
    /** 0 when only the date was entered (stored at 00:00 Beijing): shown without a made-up time. */
    hasTime: integer('has_time', { mode: 'boolean' }).notNull().default(true),
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
    counterpartyEnc: sealed('counterparty_enc'),
    counterpartyAccountEnc: sealed('counterparty_account_enc'),
    referenceEnc: sealed('reference_enc'),
    merchantOrderRefEnc: sealed('merchant_order_ref_enc'),
    memoEnc: sealed('memo_enc'),
    /** The source row an importer read this record from (issue 14), for traceability. */
    sourceRowEnc: sealed('source_row_enc'),
    /** Keyed duplicate hashes (records/search-tokens.ts): same account + reference; same time, amount, counterparty. */
    dupRef: blob('dup_ref', { mode: 'buffer' }),
    dupTxn: blob('dup_txn', { mode: 'buffer' }),
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
    /** The import batch (issue 14) that added it, so the batch can be undone; null when typed in. */
    importBatchId: integer('import_batch_id'),
  },
  (t) => [
    index('payment_records_client_time').on(t.clientId, t.occurredAt),
    index('payment_records_time').on(t.occurredAt),
    index('payment_records_dup_ref').on(t.clientId, t.dupRef),
    index('payment_records_dup_txn').on(t.clientId, t.dupTxn),
    index('payment_records_import_batch').on(t.importBatchId),
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
    outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
    details: text('details')
      .notNull()
      .default(sql`'{}'`),
    hash: text('hash').notNull(),
    /**
     * The session that wrote the event (audit v2): its seals vouch for it. NULL in events written
     * before version-2 chains, and in the setup events of vault creation, upgrade and recovery.
     */
    sessionId: text('session_id'),
  },
  (t) => [
    index('audit_events_client').on(t.clientId, t.seq),
    index('audit_events_actor').on(t.actorId, t.seq),
    index('audit_events_action').on(t.action, t.seq),
    index('audit_events_session').on(t.sessionId, t.seq),
  ],
);

/**
 * Audit seals (security model v2, "Audit v2"): a user's Ed25519 signature over the chain head at
 * the end of a span of their session (open, close, daily, backup), so that no DEK holder can
 * rebuild the chain without breaking a signature they cannot make. Body and signature as stored
 * and signed (src/core/audit/seals.ts); the columns beside them are copies for queries.
 */
export const auditSeals = sqliteTable(
  'audit_seals',
  {
    id: integer('id').primaryKey(),
    sessionId: text('session_id').notNull(),
    kind: text('kind').notNull(),
    userId: text('user_id').notNull(),
    lastSeq: integer('last_seq').notNull(),
    body: text('body').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [index('audit_seals_session').on(t.sessionId, t.id), index('audit_seals_last').on(t.lastSeq)],
);

/** Every change to a payment record: who changed which field from what to what, and when. */
export const recordHistory = sqliteTable(
  'record_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recordId: integer('record_id')
      .notNull()
      .references(() => paymentRecords.id),
    version: integer('version').notNull(),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    oldValueEnc: sealed('old_value_enc'),
    newValueEnc: sealed('new_value_enc'),
    changedBy: text('changed_by').notNull(),
    changedAt: text('changed_at').notNull(),
  },
  (t) => [index('record_history_record').on(t.recordId, t.id)],
);

/*
 * Keyed search tokens live in the FTS5 table `record_search` (drizzle/0005_keyed_search_fts.sql;
 * drizzle does not model virtual tables): one contentless document per record, rowid = record id,
 * the record's distinct tokens as 16-hex-digit terms (records/record-index.ts).
 */

/**
 * User certificates (crypto/certificates.ts), in the order they were issued; a user's newest is
 * the one in force. Never updated or deleted: a change of role or status is a new certificate.
 */
export const userCertificates = sqliteTable(
  'user_certificates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    /** The signed certificate as JSON ({ body, signature }). */
    certificate: text('certificate').notNull(),
  },
  (t) => [index('user_certificates_user').on(t.userId, t.id)],
);

/**
 * Each client's key wrapped to each person (or the recovery identity) who may read it
 * (crypto/client-keys.ts). `keyGeneration` grows when the client's key is rotated.
 */
export const clientKeyWraps = sqliteTable(
  'client_key_wraps',
  {
    clientId: integer('client_id').notNull(),
    recipientId: text('recipient_id').notNull(),
    keyGeneration: integer('key_generation').notNull(),
    wrap: blob('wrap', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.recipientId] }), index('client_key_wraps_recipient').on(t.recipientId)],
);

/**
 * Every backup this vault made (issue 13): when, where, how large, by whom, and when it was last
 * read back and verified. The home screen's "last verified backup" and the posture read it.
 */
export const backupHistory = sqliteTable(
  'backup_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The backup's own id, as in its header and manifest. */
    backupId: text('backup_id').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    /** 'manual' or 'scheduled'. */
    kind: text('kind').notNull(),
    folder: text('folder').notNull(),
    fileName: text('file_name').notNull(),
    bytes: integer('bytes').notNull(),
    chunks: integer('chunks').notNull(),
    /** The audit head the snapshot holds, and the seal the backup took. */
    auditSeq: integer('audit_seq').notNull(),
    sealId: integer('seal_id'),
    verifiedAt: text('verified_at'),
    verifiedBy: text('verified_by'),
  },
  (t) => [uniqueIndex('backup_history_backup').on(t.backupId), index('backup_history_created').on(t.createdAt)],
);
