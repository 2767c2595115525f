/** Payment records: what the IPC handlers, the CLI and other features call. */
export { addRecord, type AddOptions, type NewRecord } from './add-record';
export { listRecords, queryRecords, visibleClientIds, type RecordQuery } from './query-records';
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
