/**
 * The import section of `npm run bench` (issue 14, Must show): rows per second for a generated
 * 100,000-row Alipay CSV in GBK and a 100,000-entry camt.053 (LEDGERVAULT_BENCH_IMPORT_ROWS),
 * end to end into an encrypted vault (previewImport then commitImport, as the wizard calls them,
 * by a signed-in accountant with a grant to the client) against parsing alone (decode, detect,
 * read) of the same bytes in the same run. Goal: end to end at least 0.5x the parse-only rate.
 * The commit alone (what the CLI runs) is shown beside it, and so is what bounds both: sealing a
 * row's six texts (counterparty, its account, reference, merchant order, memo, the source row)
 * under the client key, each an AES-256-GCM call of its own (security model v2), timed alone.
 *
 * LEDGERVAULT_BENCH_ONLY=import runs this section alone; LEDGERVAULT_BENCH_IMPORT_PROFILE=1 also
 * prints where the end-to-end time goes, phase by phase.
 */
import { performance } from 'node:perf_hooks';
import { setClientGrant } from '../../src/core/access/grants';
import { createClient } from '../../src/core/clients/clients';
import { readImport } from '../../src/core/import/detect';
import { commitImport, previewImport } from '../../src/core/import/import-file';
import { sealText } from '../../src/core/vault/sealed-fields';
import type { VaultSession } from '../../src/core/vault/session';
import { createTestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn } from '../helpers/staff';
import { alipayCsvGbk, camt053Xml } from './import-files';

type Fmt = (n: number, d?: number) => string;

const ROWS = Number(process.env.LEDGERVAULT_BENCH_IMPORT_ROWS ?? 100_000);
const GOAL = 0.5;

async function best(times: number, work: () => Promise<unknown>): Promise<number> {
  let ms = Infinity;
  for (let i = 0; i < times; i += 1) {
    const t = performance.now();
    await work();
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
}

/** Rows per second sealing six texts of a typical imported row's lengths, as insertRecords does. */
function sealRate(s: VaultSession, clientId: number, rows: number): number {
  const texts = {
    counterparty: '王芳便利店',
    counterparty_account: 'ab***@example.com',
    reference: '2024000123452200001400012345',
    merchant_order_ref: 'M14000012345',
    memo: '办公用品',
    source_row:
      '2024-12-31 23:00:00,日用百货,王芳便利店,ab***@example.com,办公用品,支出,1234.56,余额,交易成功,20240001234522000014,M14000012345',
  };
  const t = performance.now();
  for (let i = 0; i < rows; i += 1)
    for (const [field, text] of Object.entries(texts))
      sealText(s, { clientId, table: 'payment_records', rowId: i + 1, field }, text);
  return (rows / (performance.now() - t)) * 1000;
}

export async function importBench(fmt: Fmt): Promise<{ table: string[][]; notes: string[] }> {
  const vault = await createTestVault();
  const table: string[][] = [];
  const notes: string[] = [];
  try {
    const { session: admin } = await adminSession(vault);
    const manager = await addStaff(admin, vault, 'manager', 'bmgr');
    const accountant = await addStaff(admin, vault, 'accountant', 'bacc');
    admin.lock();
    await activate(vault, manager);
    await activate(vault, accountant);
    const m = await signIn(vault, manager);
    const clients = ['支付宝客户', 'camt客户'].map((name) => createClient(m, { name }).id);
    for (const id of clients) setClientGrant(m, { username: 'bacc', clientId: id, canWrite: true });
    m.lock();

    const files = [
      { name: `Alipay CSV (GBK), ${ROWS.toLocaleString('en-US')} rows`, file: 'alipay.csv', bytes: alipayCsvGbk(ROWS) },
      { name: `camt.053.001.08, ${ROWS.toLocaleString('en-US')} entries`, file: 'camt.xml', bytes: camt053Xml(ROWS) },
    ];
    for (const [k, f] of files.entries()) {
      const bytes = new Uint8Array(f.bytes);
      const parseMs = await best(3, () => readImport(bytes));
      const s = await signIn(vault, accountant);
      try {
        const input = { clientId: clients[k]!, bytes, fileName: f.file };
        let t = performance.now();
        const preview = await previewImport(s, input);
        const previewMs = performance.now() - t;
        t = performance.now();
        const done = await commitImport(s, input);
        const commitMs = performance.now() - t;
        if (done.counts.imported !== ROWS || preview.counts.imported !== ROWS)
          throw new Error(`${f.name}: ${done.counts.imported} imported, not ${ROWS} (${JSON.stringify(done.counts)})`);
        const e2eMs = previewMs + commitMs;
        const parseRate = (ROWS / parseMs) * 1000;
        const e2eRate = (ROWS / e2eMs) * 1000;
        const commitRate = (ROWS / commitMs) * 1000;
        const sealed = sealRate(s, clients[k]!, Math.min(ROWS, 50_000));
        table.push([
          `import rows/s, ${f.name} (${fmt(bytes.byteLength / 2 ** 20, 1)} MB): preview + commit vs parse only`,
          fmt(e2eRate, 0),
          fmt(parseRate, 0),
          `${fmt(e2eRate / parseRate)}x`,
          `>= ${fmt(GOAL)}x`,
        ]);
        table.push(
          [
            '  commit alone (the CLI), vs parse only',
            fmt(commitRate, 0),
            fmt(parseRate, 0),
            `${fmt(commitRate / parseRate)}x`,
            '',
          ],
          [
            '  sealing 6 texts a row alone (AES-256-GCM), vs parse only',
            fmt(sealed, 0),
            fmt(parseRate, 0),
            `${fmt(sealed / parseRate)}x`,
            '',
          ],
        );
        notes.push(
          `import ${f.file}: parse ${fmt(parseMs / 1000)} s, preview ${fmt(previewMs / 1000)} s, commit ${fmt(commitMs / 1000)} s`,
        );
      } finally {
        s.lock();
      }
    }
  } finally {
    await vault.cleanup();
  }
  return { table, notes };
}
