/**
 * Every reader the importer knows (issue 14). Format detection asks each one how sure it is
 * (detect.ts), so adding a format is one import line and one entry here, nothing else.
 */
import { alipayReader } from './alipay';
import { csvReader } from './bank/generic';
import { BANK_READERS } from './bank/readers';
import { camt053Reader } from './camt053';
import { mt940Reader } from './mt940';
import { ofxReader } from './ofx';
import { qifReader } from './qif';
import type { TableReader, TextReader } from './types';
import { wechatReader } from './wechat';

export const TABLE_READERS: TableReader[] = [alipayReader, wechatReader, ...BANK_READERS, csvReader];

export const TEXT_READERS: TextReader[] = [camt053Reader, ofxReader, qifReader, mt940Reader];
