/** Payment records: what the IPC handlers, the CLI and other features call. */
export { addRecord, type AddOptions, type NewRecord } from './add-record';
export { listRecords, queryRecords, readableClientIds, visibleClientIds, type RecordQuery } from './query-records';
/** For the importer (issue 14): a whole batch checked for duplicates, then inserted with one id range. */
export { findDuplicates, type DuplicateFound } from './duplicates';
export { insertRecords, type InsertOptions } from './insert-records';
export { openRecordText, type RecordText } from './sealed-record';
export { recordHistoryOf, revealAccounts, revealRecord } from './reveal';
export { deleteRecord, updateRecord, type RecordPatch } from './record-changes';
export {
  checkNewRecord,
  recordLimits,
  validateNewRecord,
  type CheckedRecord,
  type RecordCheck,
  type RecordLimits,
} from './validate-record';
export type { RecordPage, RecordView } from '../../shared/contract';
