/**
 * `audit verify` on two threads (issue 12, Build 3's speed goal): the worker hashes the events and
 * checks the seal signatures the main thread hands it. Whatever is wrong with a chain, the verdict
 * (first bad event, kind, what it contradicts, counts) must be exactly the one-thread verdict, and
 * a worker that fails or stalls must change nothing but the time it takes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type ChainVerification } from '../../src/core/audit/audit-verify';
import { sealContextOf, userNames } from '../../src/core/audit/audit-log';
import { verifyThreads, type VerifyParallelism } from '../../src/core/audit/verify-worker';
import { VERIFY_WORKER_SOURCE } from '../../src/core/audit/verify-worker-source';
import { chainHashV2, type AuditRow } from '../../src/core/vault/audit-chain';
import { readKeysFile } from '../../src/core/vault/keys-file';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

let vault: TestVault;
let admin: Staff;
let acc: Staff;
const defaults = { ...verifyThreads };

/** Sessions of two users, each sealing every 40 events, as the app would over a working week. */
beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.admin;
  acc = await addStaff(first.session, vault, 'accountant', 'threads.acc');
  first.session.lock();
  await first.session.anchorsWritten();
  await activate(vault, acc);
  for (const staff of [acc, admin, acc]) {
    const s = await signIn(vault, staff);
    for (let n = 0; n < 50; n += 1) {
      s.write((ctx) => {
        for (let i = 0; i < 40; i += 1)
          ctx.audit({ action: 'records.list', clientId: null, details: { filter: { q: `张三 ${n}` }, rows: i } });
      });
      s.sealAudit('daily');
    }
    s.lock();
    await s.anchorsWritten();
  }
}, 120_000);
afterAll(() => vault.cleanup());
afterEach(() => Object.assign(verifyThreads, defaults));

function verifyWith(s: VaultSession, mode: VerifyParallelism, expected = readKeysFile(s.paths).auditHead) {
  verifyThreads.mode = mode;
  // Small slots: the main thread fills all four many times over and waits for the worker.
  verifyThreads.slotBytes = 64 * 1024;
  return verifyAuditChain(s.db, s.auditKey, expected, () => null, sealContextOf(s), userNames(s));
}

/** Tampers inside a transaction that is rolled back: every case starts from the same sealed chain. */
async function both(
  tamper: (s: VaultSession) => void,
  expected?: (s: VaultSession) => { seq: number; hash: string },
): Promise<ChainVerification> {
  const s = await signIn(vault, admin);
  try {
    s.db.exec('BEGIN');
    try {
      tamper(s);
      const head = expected?.(s);
      const single = verifyWith(s, 'never', head);
      const threads = verifyWith(s, 'always', head);
      expect(threads).toEqual(single);
      return threads;
    } finally {
      s.db.exec('ROLLBACK');
    }
  } finally {
    s.lock();
    await s.anchorsWritten();
  }
}

const middle = (s: VaultSession) => {
  const { m } = s.db.prepare('SELECT max(seq) AS m FROM audit_events').get() as { m: number };
  return Math.floor(m / 2);
};
const editDetails = (s: VaultSession, seq: number) =>
  s.db.prepare(`UPDATE audit_events SET details = '{"rows":999}' WHERE seq = ?`).run(seq);

describe('audit verify on two threads gives the one-thread verdict', () => {
  it('an intact chain of thousands of events and hundreds of seals', async () => {
    const r = await both(() => undefined);
    expect(r).toMatchObject({ ok: true, firstBadSeq: null });
    expect(r.checked).toBeGreaterThan(6000);
    expect(r.seals).toBeGreaterThan(150);
  });

  it('an edited event, and of two edited events the first', async () => {
    let at = 0;
    const one = await both((s) => {
      at = middle(s);
      editDetails(s, at);
    });
    expect(one).toMatchObject({ ok: false, firstBadSeq: at, kind: 'edited' });
    const two = await both((s) => {
      editDetails(s, at + 2500);
      editDetails(s, at - 1800);
    });
    expect(two).toMatchObject({ ok: false, firstBadSeq: at - 1800 });
  });

  it('a deleted event', async () => {
    let at = 0;
    const r = await both((s) => {
      at = middle(s) + 7;
      s.db.prepare('DELETE FROM audit_events WHERE seq = ?').run(at);
    });
    expect(r).toMatchObject({ ok: false, firstBadSeq: at, kind: 'deleted' });
  });

  it('a seal whose signature was altered is found before a broken link, as on one thread', async () => {
    let sealId = 0;
    const r = await both((s) => {
      const seal = s.db.prepare('SELECT id, signature FROM audit_seals ORDER BY id LIMIT 1 OFFSET 100').get() as {
        id: number;
        signature: string;
      };
      sealId = seal.id;
      const sig = Buffer.from(seal.signature, 'base64');
      sig[10]! ^= 1;
      s.db.prepare('UPDATE audit_seals SET signature = ? WHERE id = ?').run(sig.toString('base64'), seal.id);
      editDetails(s, 20);
    });
    expect(r).toMatchObject({ ok: false, kind: 'edited', checked: 0 });
    expect(r.contradicts).toMatchObject({ source: 'seal', sealId });
  });

  it('a column turned into a BLOB is an edited event, not a crash', async () => {
    let at = 0;
    const r = await both((s) => {
      at = middle(s) - 3;
      s.db.prepare('UPDATE audit_events SET details = CAST(details AS BLOB) WHERE seq = ?').run(at);
    });
    expect(r).toMatchObject({ ok: false, firstBadSeq: at, kind: 'edited' });
  });

  it("where SQLite's JSON differs from the reference text, the reference decides (no false alarm)", async () => {
    let head = { seq: 0, hash: '' };
    const r = await both(
      (s) => {
        // An event of this session whose client is a REAL: the reference writes it 1e+21, SQLite
        // 1.0e+21. Its link is made the reference way, so it is a good link.
        const last = s.db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as {
          seq: number;
          hash: string;
        };
        const event: Omit<AuditRow, 'hash'> = {
          seq: last.seq + 1,
          at: new Date().toISOString(),
          tz: 'Asia/Shanghai',
          actorId: s.user.id,
          actorName: s.user.username,
          workstation: 'ws',
          action: 'records.view',
          targetType: null,
          targetId: null,
          clientId: 1e21,
          outcome: 'ok',
          details: '{}',
          sessionId: s.sessionId,
        };
        head = { seq: event.seq, hash: chainHashV2(last.hash, event) };
        s.db
          .prepare(
            `INSERT INTO audit_events (seq, at, tz, actor_id, actor_name, workstation, action, target_type, target_id,
             client_id, outcome, details, session_id, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(...Object.values(event), head.hash);
        const sqliteText = s.db.prepare('SELECT json_array(client_id) FROM audit_events WHERE seq = ?').pluck();
        expect(sqliteText.get(event.seq)).not.toBe(JSON.stringify([1e21]));
      },
      () => head,
    );
    expect(r).toMatchObject({ ok: true, head });
  });
});

describe('the worker is only ever a help', () => {
  /** The one-thread verdict on an edited chain, then the two-thread one with each worker given. */
  async function verdicts(workers: { source: string; stallMs?: number }[]): Promise<ChainVerification[]> {
    const s = await signIn(vault, admin);
    try {
      s.db.exec('BEGIN');
      editDetails(s, middle(s));
      const out = [verifyWith(s, 'never')];
      for (const w of workers) {
        verifyThreads.source = w.source;
        verifyThreads.stallMs = w.stallMs ?? 20_000;
        out.push(verifyWith(s, 'always'));
      }
      s.db.exec('ROLLBACK');
      return out;
    } finally {
      s.lock();
      await s.anchorsWritten();
    }
  }

  it('a worker that fails, or stalls, leaves the verdict to one thread', async () => {
    const failing = `const { workerData: w } = require('node:worker_threads');
      Atomics.store(w.control, w.C.STATUS, 2); Atomics.notify(w.control, w.C.STATUS);`;
    const [single, afterFailure, afterStall] = await verdicts([
      { source: failing },
      { source: 'setInterval(() => undefined, 1000);', stallMs: 300 },
    ]);
    expect(single!.ok).toBe(false);
    expect(afterFailure).toEqual(single);
    expect(afterStall).toEqual(single);
  });

  it("the two-thread verdict rests on the worker's answers (a worker that lies is believed)", async () => {
    // Shows the two-thread path really runs in these tests: a worker that reports every link good
    // hides the edit the real one finds.
    const lying = VERIFY_WORKER_SOURCE.replace('firstBad[0] = seq', 'void 0');
    expect(lying).not.toBe(VERIFY_WORKER_SOURCE);
    const [single, honest, lied] = await verdicts([{ source: VERIFY_WORKER_SOURCE }, { source: lying }]);
    expect(single!.ok).toBe(false);
    expect(honest).toEqual(single);
    expect(lied!.ok).toBe(true);
  });
});
