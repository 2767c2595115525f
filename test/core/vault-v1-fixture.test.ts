import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import argon2 from 'argon2';
import Database from 'better-sqlite3';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The version-1 fixture vault (test/fixtures/vault-v1) is what the upgrade and insider tests
 * start from. These checks read it the way version 1 wrote it, with that format's rules written
 * out here rather than imported from src/core (which version 2 changes): so they hold before and
 * after the storage format moves on, and fail if the fixture is lost, replaced by a vault of
 * another version, or no longer matches what fixture.json says about it.
 */
const FIXTURE = path.resolve(__dirname, '../fixtures/vault-v1');
const VAULT_FILES = ['vault.db', 'vault.keys', 'vault.pending'];

interface FixtureUser {
  id: string;
  username: string;
  role: string;
  status: string;
  password: string;
  mustChangePassword: boolean;
  hasKeyslot: boolean;
}
interface Fixture {
  vaultId: string;
  deviceSecretHex: string;
  dekHex: string;
  users: FixtureUser[];
  clients: { id: number; name: string; records: number; grants: { username: string; canWrite: boolean }[] }[];
  markerClient: { id: number };
  markers: Record<string, { ascii: string; zh?: string }>;
  counts: Record<string, number>;
  auditHead: { seq: number; hash: string };
  pending: { lines: number };
}
interface V1Slot {
  kind: 'user' | 'recovery';
  userId?: string;
  username?: string;
  kdf?: { m: number; t: number; p: number; salt: string };
  nonce: string;
  wrapped: string;
}

const fixture = JSON.parse(readFileSync(path.join(FIXTURE, 'fixture.json'), 'utf8')) as Fixture;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let dir: string;
let db: Database.Database;
const before = new Map<string, string>();

/** Version 1's keyslot: XChaCha20-Poly1305 under HKDF(Argon2id(password) || device secret). */
async function unwrapV1Slot(slot: V1Slot, password: string): Promise<Buffer | null> {
  const stretched = await argon2.hash(password.normalize('NFC'), {
    type: argon2.argon2id,
    raw: true,
    salt: Buffer.from(slot.kdf!.salt, 'base64'),
    memoryCost: slot.kdf!.m,
    timeCost: slot.kdf!.t,
    parallelism: slot.kdf!.p,
    hashLength: 32,
  });
  const ikm = Buffer.concat([stretched, Buffer.from(fixture.deviceSecretHex, 'hex')]);
  const kek = Buffer.from(hkdfSync('sha256', ikm, Buffer.from(fixture.vaultId), 'ledgervault/v1/user-kek', 32));
  const ad = Buffer.from(`ledgervault/v1/keyslot|${fixture.vaultId}|user:${slot.userId}`, 'utf8');
  try {
    const cipher = xchacha20poly1305(kek, Buffer.from(slot.nonce, 'base64'), ad);
    return Buffer.from(cipher.decrypt(Buffer.from(slot.wrapped, 'base64')));
  } catch {
    return null;
  }
}

beforeAll(() => {
  for (const f of VAULT_FILES) before.set(f, sha(path.join(FIXTURE, f)));
  // A copy: opening a vault (even to read) may checkpoint or chmod, and the fixture must not change.
  dir = mkdtempSync(path.join(os.tmpdir(), 'lv-v1-fixture-'));
  for (const f of VAULT_FILES) copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  // The page-cipher pragmas of src/core/vault/database.ts at d2a4d43.
  db = new Database(path.join(dir, 'vault.db'), { fileMustExist: true });
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.key(Buffer.from(`x'${fixture.dekHex}'`));
  db.pragma('locking_mode=EXCLUSIVE');
});

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the version-1 fixture vault', () => {
  it('has a version-1 keys file of this vault, with a keyslot for each user who may sign in', () => {
    const keys = JSON.parse(readFileSync(path.join(dir, 'vault.keys'), 'utf8')) as {
      format: string;
      version: number;
      vaultId: string;
      auditHead: { seq: number; hash: string };
      slots: V1Slot[];
    };
    expect(keys.format).toBe('ledgervault-keys');
    expect(keys.version).toBe(1);
    expect(keys.vaultId).toBe(fixture.vaultId);
    expect(keys.auditHead).toEqual(fixture.auditHead);
    const slotted = keys.slots.filter((s) => s.kind === 'user').map((s) => s.username);
    expect(slotted.sort()).toEqual(
      fixture.users
        .filter((u) => u.hasKeyslot)
        .map((u) => u.username)
        .sort(),
    );
    expect(fixture.users.find((u) => u.username === 'gone')).toMatchObject({ status: 'disabled', hasKeyslot: false });
    expect(keys.slots.filter((s) => s.kind === 'recovery')).toHaveLength(1);
  });

  it('opens with the passwords in fixture.json (acc2 still on her temporary one) and the device secret', async () => {
    const keys = JSON.parse(readFileSync(path.join(dir, 'vault.keys'), 'utf8')) as { slots: V1Slot[] };
    const slotOf = (name: string) => keys.slots.find((s) => s.kind === 'user' && s.username === name)!;
    for (const name of ['boss', 'acc2']) {
      const user = fixture.users.find((u) => u.username === name)!;
      const dek = await unwrapV1Slot(slotOf(name), user.password);
      expect(dek?.toString('hex')).toBe(fixture.dekHex);
    }
    expect(fixture.users.find((u) => u.username === 'acc2')?.mustChangePassword).toBe(true);
    expect(await unwrapV1Slot(slotOf('acc1'), 'Not-Her-Password-1')).toBeNull();
  });

  it('holds, under the version-1 page cipher, every row fixture.json counts', () => {
    const tables = (
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name NOT LIKE 'payment_records_search_%'`,
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    const counts = Object.fromEntries(
      tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]),
    );
    expect(counts).toEqual(fixture.counts);
    expect(counts.payment_records).toBeGreaterThanOrEqual(200);
    const perClient = db.prepare('SELECT client_id AS id, count(*) AS n FROM payment_records GROUP BY client_id').all();
    expect(perClient).toEqual(fixture.clients.map((c) => ({ id: c.id, n: c.records })));
  });

  it('has an intact audit chain, event by event, ending at the head the keys file mirrors', () => {
    const auditKey = Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(fixture.dekHex, 'hex'),
        Buffer.from(fixture.vaultId),
        'ledgervault/v1/audit-chain',
        32,
      ),
    );
    const rows = db
      .prepare(
        `SELECT seq, at, tz, actor_id, actor_name, workstation, action, target_type, target_id, client_id, outcome, details, hash
         FROM audit_events ORDER BY seq`,
      )
      .raw(true)
      .all() as unknown[][];
    let prev = '0'.repeat(64);
    rows.forEach((row, i) => {
      expect(row[0]).toBe(i + 1);
      const expected = createHmac('sha256', auditKey)
        .update(Buffer.from(prev, 'hex'))
        .update(JSON.stringify([1, ...row.slice(0, 12)]))
        .digest('hex');
      expect(row[12], `audit event ${String(row[0])}`).toBe(expected);
      prev = expected;
    });
    expect({ seq: rows.length, hash: prev }).toEqual(fixture.auditHead);
  });

  it('keeps every marker in the marker client, granted to no accountant or auditor, and in no other', () => {
    const marker = fixture.clients.find((c) => c.id === fixture.markerClient.id)!;
    expect(marker.grants).toEqual([]);
    const strings = Object.values(fixture.markers).flatMap((m) => [m.ascii, ...(m.zh ? [m.zh] : [])]);
    // Version 1 keeps them as plaintext columns inside the page cipher: what the upgrade must move.
    const rowsOf = (clientId: number) =>
      JSON.stringify([
        db.prepare('SELECT name, uscc, contact, notes FROM clients WHERE id = ?').all(clientId),
        db.prepare('SELECT account_number, holder FROM payment_accounts WHERE client_id = ?').all(clientId),
        db
          .prepare(
            `SELECT counterparty, counterparty_account, reference, merchant_order_ref, memo FROM payment_records WHERE client_id = ?`,
          )
          .all(clientId),
        db
          .prepare(
            `SELECT h.old_value, h.new_value FROM record_history h JOIN payment_records r ON r.id = h.record_id WHERE r.client_id = ?`,
          )
          .all(clientId),
      ]);
    const inMarkerClient = rowsOf(marker.id);
    for (const s of strings) expect(inMarkerClient, s).toContain(s);
    for (const other of fixture.clients.filter((c) => c.id !== marker.id)) {
      const text = rowsOf(other.id);
      for (const s of strings) expect(text, `${s} in client ${other.id}`).not.toContain(s);
    }
    // ...and the page cipher hides them from whoever reads the file without the DEK.
    const raw = readFileSync(path.join(FIXTURE, 'vault.db'));
    for (const s of strings) expect(raw.includes(Buffer.from(s, 'utf8')), s).toBe(false);
  });

  it('has one failed sign-in waiting in vault.pending for the next unlock', () => {
    const lines = readFileSync(path.join(dir, 'vault.pending'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { username: string; action: string; outcome: string });
    expect(lines).toHaveLength(fixture.pending.lines);
    expect(lines[0]).toMatchObject({ username: 'aud', action: 'auth.signin', outcome: 'failed' });
  });

  it('is left unchanged by reading it, and small', () => {
    let total = 0;
    for (const f of VAULT_FILES) {
      expect(sha(path.join(FIXTURE, f)), f).toBe(before.get(f));
      total += readFileSync(path.join(FIXTURE, f)).length;
    }
    expect(total).toBeLessThan(2 * 1024 * 1024);
    expect(readdirSync(FIXTURE).filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);
    expect(existsSync(path.join(FIXTURE, 'vault.keys.lock'))).toBe(false);
  });
});
