/**
 * A reader's refusal of one row (issue 14): a message key and the file's own text as parameters,
 * so the wizard words it in the user's language and the CLI in its locale
 * (src/shared/import-row-messages.ts), plus the English wording for logs and tests.
 */
import { inputMessage, type InputMessageKey, type MessageParams } from '../../shared/messages';
import type { ImportedRow, RowReason } from './types';

export function because(key: InputMessageKey, params: MessageParams = {}): RowReason {
  return { key, params };
}

export function rejectedRow(line: number, source: string, why: RowReason): ImportedRow {
  return { kind: 'rejected', line, source, reason: inputMessage(why.key, 'en', why.params), why };
}
