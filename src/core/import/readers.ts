/**
 * Every reader the importer knows (issue 14). Format detection asks each one how sure it is
 * (detect.ts), so adding a format is one import and one entry here, nothing else.
 */
import type { TableReader, TextReader } from './types';

export const TABLE_READERS: TableReader[] = [];

export const TEXT_READERS: TextReader[] = [];
