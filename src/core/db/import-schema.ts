/**
 * The importer's table (issue 14), beside schema.ts, which would otherwise outgrow one file;
 * drizzle.config.ts lists both, so migrations are generated from the two together.
 */
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { clients, paymentAccounts } from './schema';

/**
 * One import of a payment export (issue 14): which file (its name sealed under the client's key,
 * like every other text of the client; its SHA-256 to recognise it again), into which client and
 * account, as what format, the counts the preview showed, who and when; and when it was undone.
 */
export const importBatches = sqliteTable(
  'import_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    accountId: integer('account_id').references(() => paymentAccounts.id),
    format: text('format').notNull(),
    /** The text encoding the file was read in; null for a spreadsheet. */
    encoding: text('encoding'),
    fileNameEnc: blob('file_name_enc', { mode: 'buffer' }),
    fileSha256: text('file_sha256').notNull(),
    rows: integer('rows').notNull(),
    imported: integer('imported').notNull(),
    duplicates: integer('duplicates').notNull(),
    rejected: integer('rejected').notNull(),
    skipped: integer('skipped').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    undoneAt: text('undone_at'),
    undoneBy: text('undone_by'),
  },
  (t) => [index('import_batches_client').on(t.clientId, t.createdAt)],
);

/**
 * A column mapping saved under a name (issue 14: "a generic CSV/XLSX reader with a saved column
 * mapping per bank"), for every accountant of the office: a layout no reader knows is mapped
 * once and recognised again by its header row. It holds column names, never client data, so it
 * is not sealed under a client's key (the whole file is page-encrypted all the same).
 */
export const importMappings = sqliteTable(
  'import_mappings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** "招商银行 企业网银": the name people choose it by; unique. */
    name: text('name').notNull(),
    /** The header row's names, normalised, as a JSON array: how a later export is recognised. */
    header: text('header').notNull(),
    /** The mapping as JSON, checked by bank/generic.ts's schema when saved and when used. */
    mapping: text('mapping').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [uniqueIndex('import_mappings_name').on(t.name)],
);
