import { copyFileSync, cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/core/audit/audit-verify';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import { unlockVault, type VaultSession } from '../../src/core/index';
import { ADMIN, ADMIN_PASSWORD, createTestVault, tempDir, type TestVault } from '../helpers/test-vault';

const EVENTS = 10_000;
let vault: TestVault;
let pristine: string;
let olderDb: string;
let total = 0;
let olderHeadSeq = 0;

function appendEvents(session: VaultSession, n: number): void {
  for (let done = 0; done < n; done += 500) {
    session.write((ctx) => {
      for (let i = 0; i < Math.min(500, n - done); i += 1) {
        ctx.audit({
          action: 'records.list',
          clientId: 1 + ((done + i) % 7),
          details: { filter: { q: `张三${i}` }, rows: i },
        });
      }
    });
  }
}

beforeAll(async () => {
  vault = await createTestVault();
  const s = await vault.unlock();
  const start = (s.db.prepare('SELECT max(seq) AS m FROM audit_events').get() as { m: number }).m;
  appendEvents(s, EVENTS - start - 50);
  olderHeadSeq = (s.db.prepare('SELECT max(seq) AS m FROM audit_events').get() as { m: number }).m;
  s.lock();
  const dir = tempDir('lv-tamper-');
  olderDb = path.join(dir, 'older.db');
  copyFileSync(vaultPaths(vault.dir).db, olderDb);
  const s2 = await vault.unlock();
  // The sign-in itself adds an event or two (an off-hours signal, depending on the clock).
  appendEvents(s2, 50 - 1);
  total = (s2.db.prepare('SELECT max(seq) AS m FROM audit_events').get() as { m: number }).m;
  s2.lock();
  pristine = path.join(dir, 'pristine');
  cpSync(vault.dir, pristine, { recursive: true });
});

afterAll(async () => {
  await vault.cleanup();
  rmSync(path.dirname(olderDb), { recursive: true, force: true });
});

/** A fresh copy of the 10,000-event vault, opened for inspection, tampered with by raw SQL. */
async function tampered(edit: (s: VaultSession) => void) {
  rmSync(vault.dir, { recursive: true, force: true });
  cpSync(pristine, vault.dir, { recursive: true });
  const s = await unlockVault({
    dir: vault.dir,
    username: ADMIN,
    password: ADMIN_PASSWORD,
    keyStore: vault.keyStore,
    mode: 'inspect',
  });
  try {
    edit(s);
    return verifyAuditChain(s.db, s.auditKey, readKeysFile(vaultPaths(vault.dir)).auditHead);
  } finally {
    s.lock();
  }
}

const pick = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo));

describe(`tamper-evident audit log (${EVENTS.toLocaleString()} events)`, () => {
  it('an untouched vault verifies end to end', async () => {
    const r = await tampered(() => undefined);
    expect(total).toBeGreaterThanOrEqual(EVENTS);
    expect(r).toMatchObject({ ok: true, checked: r.head.seq, firstBadSeq: null, kind: null });
  });

  it('(a) one field of a random event edited', async () => {
    const seq = pick(2, total - 10);
    const r = await tampered((s) =>
      s.db.prepare(`UPDATE audit_events SET actor_name = 'someone-else' WHERE seq = ?`).run(seq),
    );
    expect(r).toMatchObject({ ok: false, firstBadSeq: seq, kind: 'edited' });
  });

  it('(b) one event deleted', async () => {
    const seq = pick(2, total - 10);
    const r = await tampered((s) => s.db.prepare('DELETE FROM audit_events WHERE seq = ?').run(seq));
    expect(r).toMatchObject({ ok: false, firstBadSeq: seq, kind: 'deleted' });
  });

  for (const gap of [1, 37]) {
    it(`(c) two events swapped (${gap === 1 ? 'neighbours' : 'far apart'})`, async () => {
      const i = pick(2, total - 100);
      const j = i + gap;
      const r = await tampered((s) => {
        // Swap seq numbers through a free one: every other column moves with its row.
        s.db.prepare('UPDATE audit_events SET seq = -1 WHERE seq = ?').run(i);
        s.db.prepare('UPDATE audit_events SET seq = ? WHERE seq = ?').run(i, j);
        s.db.prepare('UPDATE audit_events SET seq = ? WHERE seq = -1').run(j);
      });
      expect(r).toMatchObject({ ok: false, firstBadSeq: i, kind: 'reordered' });
    });
  }

  it('an event slipped in before the first one is not overlooked', async () => {
    const r = await tampered((s) =>
      s.db
        .prepare(
          `INSERT INTO audit_events SELECT -7, at, tz, actor_id, actor_name, workstation, action, target_type, target_id, client_id, outcome, details, hash, session_id FROM audit_events WHERE seq = 5`,
        )
        .run(),
    );
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(1);
  });

  it('(d) the last 5 events deleted', async () => {
    const r = await tampered((s) => s.db.prepare('DELETE FROM audit_events WHERE seq > ?').run(total - 5));
    expect(r).toMatchObject({ ok: false, firstBadSeq: total - 4, kind: 'truncated' });
  });

  it('(e) vault.db replaced with a copy from 50 events earlier', async () => {
    rmSync(vault.dir, { recursive: true, force: true });
    cpSync(pristine, vault.dir, { recursive: true });
    copyFileSync(olderDb, vaultPaths(vault.dir).db);
    const s = await unlockVault({
      dir: vault.dir,
      username: ADMIN,
      password: ADMIN_PASSWORD,
      keyStore: vault.keyStore,
      mode: 'inspect',
    });
    const r = verifyAuditChain(s.db, s.auditKey, readKeysFile(vaultPaths(vault.dir)).auditHead);
    s.lock();
    expect(total - olderHeadSeq).toBeGreaterThanOrEqual(50);
    expect(r).toMatchObject({ ok: false, firstBadSeq: olderHeadSeq + 1, kind: 'rolled_back' });
    // And a normal sign-in refuses it instead of carrying on from the older state.
    await expect(vault.unlock()).rejects.toThrow(/E_INTEGRITY/);
  });
});
