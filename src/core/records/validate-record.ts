import { inputError } from '../errors';
import { readSettings } from '../settings/settings';
import type { VaultSession } from '../vault/session';
import { checkNewRecord, type CheckedRecord, type RecordLimits } from '../../shared/records/check-record';

export {
  checkNewRecord,
  type CheckedRecord,
  type RecordCheck,
  type RecordLimits,
} from '../../shared/records/check-record';

/**
 * The limits in force for this vault at `now`: today in Beijing, and the admins' date floor;
 * `lenient` for input as bills write it (a negative amount is money out: check-record.ts).
 */
export function recordLimits(session: VaultSession, now: number = Date.now(), lenient = false): RecordLimits {
  return { now, floor: readSettings(session).recordDateFloor, lenient };
}

/**
 * One new record, checked as addRecord and the importer must: the first problem as E_INPUT
 * naming its field, else the record with its amount and date as stored. A batch reads
 * `recordLimits` once and calls `checkNewRecord` per row to report every problem instead.
 */
export function validateNewRecord(input: unknown, limits: RecordLimits): CheckedRecord {
  const result = checkNewRecord(input, limits);
  if (result.ok) return result.record;
  const first = result.problems[0]!;
  throw inputError(first.key, first.params);
}
