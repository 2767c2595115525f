/**
 * Every column sealed under a client's key, in one list: what a key rotation re-seals and what the
 * version-1 upgrade seals. A sealed column is `<field>_enc`; the field name bound into its
 * associated data is `<field>`, the name of the version-1 plaintext column it replaces.
 */
import type { SealedTable } from './sealed-fields';

export interface SealedTableSpec {
  /** compliance_files: its name and bytes are re-sealed by sealed-files.ts (not `*_enc` columns). */
  table: Exclude<SealedTable, 'users' | 'compliance_files'>;
  /** SQL giving the row's client id, evaluated on the table's own row. */
  clientIdSql: string;
  /**
   * SQL giving the row id bound into the associated data, when the table has no `id` column
   * (incident_clients: one row per incident and client, so the incident's id with the client's).
   */
  idSql?: string;
  fields: readonly string[];
}

export const SEALED_TABLES: readonly SealedTableSpec[] = [
  { table: 'clients', clientIdSql: 'id', fields: ['name', 'uscc', 'contact', 'notes'] },
  { table: 'payment_accounts', clientIdSql: 'client_id', fields: ['account_number', 'holder'] },
  {
    table: 'payment_records',
    clientIdSql: 'client_id',
    fields: ['counterparty', 'counterparty_account', 'reference', 'merchant_order_ref', 'memo', 'source_row'],
  },
  {
    table: 'record_history',
    clientIdSql: '(SELECT r.client_id FROM payment_records r WHERE r.id = record_history.record_id)',
    fields: ['old_value', 'new_value'],
  },
  // An import batch's file name (issue 14): version 1 had no such table, so the upgrade seals nothing here.
  { table: 'import_batches', clientIdSql: 'client_id', fields: ['file_name'] },
  // What an incident touched of a client and the letter it was sent (issue 17, Build 3); not in version 1.
  { table: 'incident_clients', clientIdSql: 'client_id', idSql: 'incident_id', fields: ['which_data', 'letter'] },
  // A client's data-protection agreement: its scope (issue 17, Build 5); not in version 1.
  { table: 'client_agreements', clientIdSql: 'client_id', fields: ['scope'] },
];
