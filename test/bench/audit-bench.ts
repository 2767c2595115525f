/**
 * The audit log's part of `npm run bench` (test/bench/run.ts): what auditing costs a write, and
 * how fast a chain verifies.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ARGON2_FLOOR, createVault, unlockVault, OsKeyStore } from '../../src/core/index';
import { readAuditHead } from '../../src/core/vault/audit-chain';
import { verifyAuditChain } from '../../src/core/audit/audit-verify';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { sealContextOf, userNames } from '../../src/core/audit/audit-log';

/**
 * The audit log's cost: one record write with its event (and the chain head mirrored into the
 * keys file) against the same write without auditing; and verifying 1,000,000 events.
 */
export async function auditBench(
  root: string,
  ROWS: number,
  fmt: (n: number, d?: number) => string,
): Promise<string[][]> {
  const table: string[][] = [];
  const keyStore = new OsKeyStore('LedgerVaultBench');
  const dir = path.join(root, 'audit-vault');
  const password = 'Timing-Secret-2024';
  const created = await createVault({
    dir,
    adminUsername: 'bench',
    adminPassword: password,
    keyStore,
    kdf: ARGON2_FLOOR,
  });
  try {
    const session = await unlockVault({ dir, username: 'bench', password, keyStore });
    session.db
      .prepare(
        `INSERT INTO clients (name, created_at, created_by, updated_at, updated_by) VALUES ('c', '', '', '', '')`,
      )
      .run();
    const ins = session.db.prepare(
      `INSERT INTO payment_records (client_id, occurred_at, direction, amount_minor, counterparty, created_at, created_by, updated_at, updated_by)
       VALUES (1, ?, 'out', ?, '张三', '', '', '', '')`,
    );
    const WRITES = Math.min(2_000, ROWS);
    const timeWrites = (audited: boolean) => {
      const t = performance.now();
      for (let i = 0; i < WRITES; i += 1) {
        if (audited) {
          session.write((ctx) => {
            const id = ins.run(i, i).lastInsertRowid;
            ctx.audit({ action: 'records.create', targetType: 'record', targetId: String(id), clientId: 1 });
          });
        } else {
          session.db.transaction(() => ins.run(i, i))();
        }
      }
      return (performance.now() - t) / WRITES;
    };
    const plainMs = timeWrites(false);
    const auditedMs = timeWrites(true);
    table.push([
      'record write ms, audited (own transaction)',
      fmt(auditedMs, 3),
      `${fmt(plainMs, 3)} (no audit)`,
      `${fmt(auditedMs / plainMs)}x`,
      '',
    ]);

    // Bulk: an import writes many records and events in one transaction.
    const BULK = Math.min(100_000, ROWS);
    let t = performance.now();
    session.db.transaction(() => {
      for (let i = 0; i < BULK; i += 1) ins.run(i, i);
    })();
    const bulkPlain = performance.now() - t;
    t = performance.now();
    session.write((ctx) => {
      for (let i = 0; i < BULK; i += 1) {
        const id = ins.run(i, i).lastInsertRowid;
        ctx.audit({ action: 'records.import', targetType: 'record', targetId: String(id), clientId: 1 });
      }
    });
    const bulkAudited = performance.now() - t;
    table.push([
      `  ${BULK.toLocaleString()} records in one transaction, s`,
      fmt(bulkAudited / 1000),
      `${fmt(bulkPlain / 1000)} (no audit)`,
      `${fmt(bulkAudited / bulkPlain)}x`,
      '',
    ]);

    // 1,000,000 events (ROWS) sealed every 50, as sessions seal them: a seal's Ed25519 signature
    // and its list of the span's events are part of what verify checks.
    const SEAL_EVERY = 50;
    const have = readAuditHead(session.db).seq;
    // ROWS more events, each 50 under a seal, after the records' events above.
    const EVENTS = have + ROWS;
    for (let done = have; done < EVENTS; done += SEAL_EVERY) {
      session.write((ctx) => {
        for (let i = done; i < Math.min(EVENTS, done + SEAL_EVERY); i += 1) {
          ctx.audit({
            action: 'records.list',
            clientId: 1 + (i % 2000),
            details: { filter: { q: '张三' }, rows: i % 50 },
          });
        }
      });
      session.sealAudit('daily');
    }
    const head = readKeysFile(session.paths).auditHead;
    const context = sealContextOf(session);
    t = performance.now();
    const result = verifyAuditChain(session.db, session.auditKey, head, () => null, context, userNames(session));
    const verifyS = (performance.now() - t) / 1000;
    t = performance.now();
    let n = 0;
    for (const _row of session.db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate()) n += 1;
    const readS = (performance.now() - t) / 1000;
    if (!result.ok || n !== result.checked) throw new Error(`bench: the audit chain did not verify: ${result.reason}`);
    table.push([
      `audit verify events/s (${result.checked.toLocaleString()} events, ${(result.seals ?? 0).toLocaleString()} seals)`,
      fmt(result.checked / verifyS, 0),
      `${fmt(n / readS, 0)} (read only)`,
      `${fmt(verifyS / readS)}x time`,
      '>= 200,000/s; <= 1.5x read',
    ]);
    session.lock();
  } finally {
    await keyStore.delete(created.vaultId).catch(() => false);
  }
  return table;
}
