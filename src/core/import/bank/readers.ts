/**
 * The Chinese bank statement readers (issue 14), one per bank, each the engine with that bank's
 * profile: the registry (../readers.ts) takes them from here with one import.
 */
import type { TableReader } from '../types';
import { bankReader } from './engine';
import { ABC, BOC, BOCOM, CCB, CGB, CIB, CITIC, CMB, ICBC, SPDB } from './profiles';

export const icbcReader: TableReader = bankReader(ICBC);
export const ccbReader: TableReader = bankReader(CCB);
export const cmbReader: TableReader = bankReader(CMB);
export const bocReader: TableReader = bankReader(BOC);
export const abcReader: TableReader = bankReader(ABC);
export const bocomReader: TableReader = bankReader(BOCOM);
export const cgbReader: TableReader = bankReader(CGB);
export const citicReader: TableReader = bankReader(CITIC);
export const spdbReader: TableReader = bankReader(SPDB);
export const cibReader: TableReader = bankReader(CIB);

export const BANK_READERS: readonly TableReader[] = [
  icbcReader,
  ccbReader,
  cmbReader,
  bocReader,
  abcReader,
  bocomReader,
  cgbReader,
  citicReader,
  spdbReader,
  cibReader,
];
