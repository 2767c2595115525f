/**
 * Known faults for the campaign's self-test (issue 16: no campaign that cannot fail), loaded by
 * the child like import-targets.ts: a QIF reader that throws a TypeError, one that never returns,
 * and a commit that writes and then says it refused (a partial import). The readers' faults fire
 * on about one input in three (by the text's length); the commit lies whenever it succeeds.
 */
import { LedgerVaultError } from '../../src/core/errors';
import { commitImport } from '../../src/core/import/import-file';
import { qifReader } from '../../src/core/import/qif';
import { TABLE_READERS, TEXT_READERS } from '../../src/core/import/readers';
import type { TextReader } from '../../src/core/import/types';
import { checkPipeline, checkReaders, type CaseMeta, type Commit } from './import-checks';
import { fuzzCleanup, fuzzWarmUp, pipelineVault } from './import-targets';

const fires = (text: string) => text.length % 3 === 0;

function plantedQif(fault: (text: string) => void): TextReader {
  return {
    format: 'qif',
    detect: (head) => qifReader.detect(head),
    read(text) {
      if (fires(text)) fault(text);
      return qifReader.read(text);
    },
  };
}

const registryWith = (reader: TextReader) => ({
  table: TABLE_READERS,
  text: TEXT_READERS.map((r) => (r.format === 'qif' ? reader : r)),
});

const typeError = registryWith(
  plantedQif((text) => {
    // The slip a reader makes on a line it did not expect: a property of undefined.
    void (text.split('\n')[1_000_000] as unknown as { length: number }).length;
  }),
);
const hang = registryWith(
  plantedQif(() => {
    for (;;) {
      // A loop that never ends: only the parent's time limit stops it.
    }
  }),
);

/** Imports, then reports a refusal: the vault has the batch (and rows) though the caller was told it has none. */
const lyingCommit: Commit = async (session, input, options) => {
  await commitImport(session, input, options);
  throw new LedgerVaultError('E_INPUT', 'planted: refused after writing');
};

export const fuzzTargets = {
  typeError: (bytes: Uint8Array, meta: CaseMeta) => checkReaders(bytes, meta, typeError),
  hang: (bytes: Uint8Array, meta: CaseMeta) => checkReaders(bytes, meta, hang),
  /** The same cases with the real readers: the control, which must pass. */
  control: (bytes: Uint8Array, meta: CaseMeta) => checkReaders(bytes, meta),
  partial: async (bytes: Uint8Array, meta: CaseMeta) => checkPipeline(await pipelineVault(), bytes, meta, lyingCommit),
};

export { fuzzCleanup, fuzzWarmUp };
