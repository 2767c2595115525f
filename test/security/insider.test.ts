/**
 * Issue 11, "Must show": the insider test. An accountant with her own password and this
 * workstation's keychain does what the 40-line script did against version 1: unwrap the DEK,
 * open vault.db and every file beside it, look for an ungranted client's data and anyone's TOTP
 * secret, and edit her role and grants in the database. Version 2 must give her nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClientGrant } from '../../src/core/access/grants';
import { beginMfaEnrolment, confirmMfaEnrolment } from '../../src/core/auth/mfa';
import { base32Decode } from '../../src/core/crypto/totp';
import { addPaymentAccount } from '../../src/core/clients/accounts';
import { createClient, insertClient, updateClient } from '../../src/core/clients/clients';
import { usccCheckCharacter } from '../../src/core/clients/uscc';
import { unwrapClientKey } from '../../src/core/crypto/client-keys';
import { decryptField, deriveClientSubkeys } from '../../src/core/crypto/field-cipher';
import { addRecord } from '../../src/core/records/add-record';
import { listRecords } from '../../src/core/records/query-records';
import { updateRecord } from '../../src/core/records/record-changes';
import { grantPermission } from '../../src/core/users/users';
import {
  activate,
  addStaff,
  adminSession,
  codeFor,
  nextSignInTime,
  signIn,
  settleSession,
  type Staff,
} from '../helpers/staff';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import {
  copyVault,
  decryptedBySqlite,
  decryptedPages,
  everyValue,
  filesBeside,
  findInCells,
  findNeedles,
  insiderKeys,
  needles,
  openWithDek,
  removeCopy,
  unlockAt,
  type InsiderKeys,
  type Needle,
  withDb,
} from './helpers';
import { copiedWrapUnlocks, TAMPER_EDITS, tamperedUnlock } from './tamper';

const first17 = '91350100MA2Y3K4L5';
const USCC_B = `${first17}${usccCheckCharacter(first17)}`;

/** Client B's sensitive fields: an ASCII and a Chinese marker in each, edited values too. */
const B = {
  name: 'MARKERB-NAME-7f3a 标记乙客户名',
  name2: 'MARKERB-NAM2-7f3a 标记乙新名称',
  contact: 'MARKERB-CONT-7f3a 标记乙联系人',
  notes: 'MARKERB-NOTE-7f3a 标记乙备注',
  account: '6222MARKERB-ACCT-7f3a标记乙账号',
  holder: 'MARKERB-HOLD-7f3a 标记乙户名',
  cpty: 'MARKERB-CPTY-7f3a 标记乙对手方',
  cpty2: 'MARKERB-CPT2-7f3a 标记乙新对手',
  cpacct: 'MARKERB-CPAC-7f3a 标记乙对方账号',
  cpacct2: 'MARKERB-CPA2-7f3a 标记乙新对方号',
  ref: 'MARKERB-REF1-7f3a 标记乙参考号',
  ref2: 'MARKERB-REF2-7f3a 标记乙新参考',
  mref: 'MARKERB-MRF1-7f3a 标记乙商户单号',
  mref2: 'MARKERB-MRF2-7f3a 标记乙新单号',
  memo: 'MARKERB-MEMO-7f3a 标记乙备忘',
  memo2: 'MARKERB-MEM2-7f3a 标记乙新备忘',
};
/** Every marker on its own (each field's ASCII and Chinese halves), and the USCC's text. */
const MARKERS = [...Object.values(B).flatMap((v) => v.split(/(?<=7f3a) ?/)), USCC_B];

let vault: TestVault;
let admin: Staff;
let mgr: Staff;
let acc: Staff;
let clientA = 0;
let clientB = 0;
let recordB = 0;
/** The vault folder copied while the manager's session that wrote client B was still open. */
let liveCopy = '';
let keys: InsiderKeys;
let markerNeedles: Needle[];
let secretNeedles: Needle[];

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.admin;
  mgr = await addStaff(first.session, vault, 'manager', 'mgr');
  acc = await addStaff(first.session, vault, 'accountant', 'acc');
  first.session.lock();
  await activate(vault, mgr);

  const m = await signIn(vault, mgr);
  clientA = createClient(m, { name: '甲贸易有限公司' }).id;
  clientB = m.write((ctx) => {
    const id = insertClient(m, ctx, { name: B.name, uscc: USCC_B, contact: B.contact, notes: B.notes });
    ctx.audit({ action: 'client.create', targetType: 'client', targetId: String(id), clientId: id });
    return id;
  });
  updateClient(m, { clientId: clientB, name: B.name2, uscc: USCC_B });
  const accountB = addPaymentAccount(m, {
    clientId: clientB,
    kind: 'bank',
    institution: '招商银行',
    accountNumber: B.account,
    holder: B.holder,
  });
  addPaymentAccount(m, { clientId: clientA, kind: 'bank', accountNumber: '6222020200112233', holder: '甲贸易' });
  const rec = addRecord(m, {
    clientId: clientB,
    accountId: accountB.id,
    occurredAt: '2026-11-02 10:00',
    direction: 'out',
    amount: '1234.56',
    counterparty: B.cpty,
    counterpartyAccount: B.cpacct,
    reference: B.ref,
    merchantOrderRef: B.mref,
    memo: `${B.memo} ${USCC_B}`,
  });
  recordB = rec.id;
  updateRecord(m, rec.id, rec.version, {
    counterparty: B.cpty2,
    counterpartyAccount: B.cpacct2,
    reference: B.ref2,
    merchantOrderRef: B.mref2,
    memo: `${B.memo2} ${USCC_B}`,
  });
  addRecord(m, {
    clientId: clientA,
    occurredAt: '2026-11-03',
    direction: 'in',
    amount: '88',
    counterparty: '某供应商',
  });
  // Searched once, by the USCC's text and by a Chinese marker: queries must leave nothing behind either.
  expect(listRecords(m, { clientId: clientB, text: USCC_B }).rows.map((r) => r.id)).toEqual([recordB]);
  expect(listRecords(m, { text: '标记乙新对手' }).rows.map((r) => r.id)).toEqual([recordB]);
  liveCopy = copyVault(vault.dir);
  m.lock();

  const a = await signIn(vault, admin);
  setClientGrant(a, { username: 'acc', clientId: clientA, canWrite: true });
  grantPermission(a, 'mgr', 'records.reveal', true);
  a.lock();

  const s = await signIn(vault, acc);
  await settleSession(s, acc);
  if (!acc.totpSecret) {
    const enrolment = await beginMfaEnrolment(s);
    const at = nextSignInTime();
    confirmMfaEnrolment(s, codeFor(enrolment.secret, at), at);
    acc.totpSecret = enrolment.secret;
    acc.recoveryCodes = enrolment.recoveryCodes;
  }
  s.lock();

  // A mistyped password leaves a line in vault.pending: one more file beside vault.db to search.
  await expect(unlockAt(vault.dir, vault.keyStore, { ...acc, password: 'Wrong-Password-123' })).rejects.toThrow(
    /E_AUTH/,
  );

  keys = await insiderKeys(vault.dir, vault.keyStore, 'acc', acc.password);
  markerNeedles = needles(MARKERS);
  const people = [admin, mgr, acc];
  expect(people.every((p) => p.totpSecret)).toBe(true);
  secretNeedles = needles([
    ...people.map((p) => p.totpSecret!),
    ...people.flatMap((p) => p.recoveryCodes ?? []),
  ]).concat(
    people.map((p) => ({
      name: `raw TOTP secret of ${p.username}`,
      forms: [Buffer.from(base32Decode(p.totpSecret!))],
    })),
  );
  // A dozen Argon2id sign-ins on two cores shared with other runs: room beyond the default hook timeout.
}, 240_000);

afterAll(async () => {
  if (liveCopy) removeCopy(liveCopy);
  await vault?.cleanup();
});

const folders = () => [
  { label: 'at rest', dir: vault.dir },
  { label: 'copied while a session was open', dir: liveCopy },
];

describe('what the accountant gets from her keyslot', () => {
  it('the DEK and her own identity; her wraps open client A only, and A reads back', () => {
    expect(keys.dek).toHaveLength(32);
    // Her own identity (made when she replaced the temporary password), certified by her temporary one.
    const cert = withDb(vault.dir, keys, (db) =>
      db
        .prepare<[string], { certificate: string }>(
          'SELECT certificate FROM user_certificates WHERE user_id = ? ORDER BY id DESC',
        )
        .get(keys.userId),
    );
    const body = (
      JSON.parse(cert!.certificate) as { body: { issuerUserId: string; status: string; role: string; x25519: string } }
    ).body;
    expect(body).toMatchObject({ issuerUserId: keys.userId, status: 'active', role: 'accountant' });
    expect(body.x25519).toBe(keys.identity.x25519.publicKey.toString('base64'));
    withDb(vault.dir, keys, (db) => {
      const wraps = db
        .prepare<[string], { client_id: number; wrap: Buffer }>(
          'SELECT client_id, wrap FROM client_key_wraps WHERE recipient_id = ?',
        )
        .all(keys.userId);
      expect(wraps.map((w) => w.client_id)).toEqual([clientA]);
      const key = unwrapClientKey(
        wraps[0]!.wrap,
        { x25519Private: keys.identity.x25519.privateKey, x25519Public: keys.identity.x25519.publicKey },
        { vaultId: keys.vaultId, clientId: clientA, recipientUserId: keys.userId },
      );
      const row = db.prepare<[number], { name_enc: Buffer }>('SELECT name_enc FROM clients WHERE id = ?').get(clientA)!;
      const at = { vaultId: keys.vaultId, clientId: clientA, table: 'clients', rowId: clientA, field: 'name' };
      expect(decryptField(deriveClientSubkeys(key).fieldKey, at, row.name_enc)).toBe('甲贸易有限公司');
      // Client B is there, sealed: its row exists and its name is ciphertext she has no key for.
      const b = db.prepare<[number], { name_enc: Buffer }>('SELECT name_enc FROM clients WHERE id = ?').get(clientB)!;
      expect(b.name_enc.length).toBeGreaterThan(28);
    });
  });
});

describe('no byte of client B anywhere she can read', () => {
  it('(a) no marker in any value of any table, also in a copy taken while a session had the vault open', () => {
    for (const { label, dir } of folders()) {
      withDb(dir, keys, (db) => {
        const cells = everyValue(db);
        // The dump is real: plain columns read back (user names, B's row, its record).
        expect(findInCells(cells, needles(['mgr', 'acc'])).length, label).toBeGreaterThan(0);
        expect(db.prepare('SELECT count(*) AS n FROM payment_records WHERE client_id = ?').get(clientB)).toEqual({
          n: 1,
        });
        expect(findInCells(cells, markerNeedles), label).toEqual([]);
      });
    }
  });

  /**
   * WAL coverage. At rest there is no WAL: the last connection's close checkpoints it into
   * vault.db and deletes it (the pages are then checked). The live copy was taken while the
   * manager's session that wrote client B was open (locking_mode=EXCLUSIVE, so no -shm): its
   * WAL holds every frame since that session's WAL last restarted, each decrypted on its own
   * (every version of every page, committed or not, stale frames past the valid end too).
   * What no one can read afterwards is not checked: frames a restart overwrote in place.
   * SQLite's own route (rekey='') is checked too, but it runs a VACUUM, so free pages only
   * through decryptedPages; this build has no sqlite_dbpage to compare against.
   */
  it('(b) no marker in any decrypted page of vault.db (free pages too) nor in any WAL frame', () => {
    let walFrames = 0;
    for (const { label, dir } of folders()) {
      const { file, wal } = decryptedPages(dir, keys);
      expect(file.failed, `${label}: pages that did not authenticate`).toEqual([]);
      expect(file.plain.includes('CREATE TABLE'), label).toBe(true);
      expect(findNeedles(`${label} vault.db pages`, file.plain, markerNeedles)).toEqual([]);
      if (wal) {
        expect(wal.failed, `${label}: WAL frames that did not authenticate`).toEqual([]);
        expect(findNeedles(`${label} WAL frames`, wal.plain, markerNeedles)).toEqual([]);
        walFrames += wal.pages;
        // Frames from the manager's session: the WAL covers the time client B was written.
        expect(wal.plain.includes('records.update')).toBe(true);
      }
      const bySqlite = decryptedBySqlite(dir, keys);
      expect(bySqlite.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
      expect(findNeedles(`${label} rekey='' copy`, bySqlite, markerNeedles)).toEqual([]);
    }
    // The live copy's WAL held every version written since the session opened (B's old values included).
    expect(walFrames).toBeGreaterThan(0);
  });

  it('(c) no marker in any file beside vault.db (keys, pending events, WAL, SHM, temp files)', () => {
    for (const { label, dir } of folders()) {
      const files = filesBeside(dir);
      expect(
        files.map((f) => path.basename(f)),
        label,
      ).toContain('vault.keys');
      for (const f of [...files, path.join(dir, 'vault.db')])
        expect(findNeedles(`${label} ${path.basename(f)}`, readFileSync(f), markerNeedles)).toEqual([]);
    }
  });

  it('(d) no TOTP secret (nor recovery code) of anyone in any value, page, frame or file', () => {
    for (const { label, dir } of folders()) {
      withDb(dir, keys, (db) => expect(findInCells(everyValue(db), secretNeedles), label).toEqual([]));
      const { file, wal } = decryptedPages(dir, keys);
      expect(findNeedles(`${label} pages`, file.plain, secretNeedles)).toEqual([]);
      if (wal) expect(findNeedles(`${label} WAL`, wal.plain, secretNeedles)).toEqual([]);
      for (const f of [...filesBeside(dir), path.join(dir, 'vault.db')])
        expect(findNeedles(`${label} ${path.basename(f)}`, readFileSync(f), secretNeedles)).toEqual([]);
    }
  });
});

describe('the checks above would see a marker that was there', () => {
  it('a marker written in plain is found in the values; once dropped, still in the free pages', () => {
    const copy = copyVault(vault.dir);
    try {
      const db = openWithDek(path.join(copy, 'vault.db'), keys.dek, keys.cipher);
      try {
        // sqlite3mc turns secure_delete on for every keyed connection (freed bytes are zeroed);
        // off here, so that the dropped marker stays in free pages for the page scan to find.
        expect(db.pragma('secure_delete', { simple: true })).toBe(1);
        db.pragma('secure_delete=OFF');
        db.exec('CREATE TABLE scratch (x TEXT)');
        const put = db.prepare('INSERT INTO scratch VALUES (?)');
        for (let i = 0; i < 50; i += 1) put.run(`${B.notes} `.repeat(40));
        expect(findInCells(everyValue(db), markerNeedles)).toContain('MARKERB-NOTE-7f3a in scratch.x');
        db.exec('DROP TABLE scratch');
        expect(findInCells(everyValue(db), markerNeedles)).toEqual([]);
        expect(db.pragma('freelist_count', { simple: true })).toBeGreaterThan(0);
      } finally {
        db.close();
      }
      const { file } = decryptedPages(copy, keys);
      expect(findNeedles('pages', file.plain, markerNeedles)).toContain('标记乙备注 in pages');
      expect(findNeedles('raw', readFileSync(path.join(copy, 'vault.db')), markerNeedles)).toEqual([]);
    } finally {
      removeCopy(copy);
    }
  });
});

describe('(e) editing roles, grants and certificates with the DEK gives nothing', () => {
  for (const edit of TAMPER_EDITS) {
    it(`${edit}: the next unlock as acc and as the admin is E_INTEGRITY naming it; B never enters her key ring`, async () => {
      const r = await tamperedUnlock(vault, keys, { admin, acc }, { clientA, clientB }, edit);
      expect(r.acc.code, 'acc').toBe('E_INTEGRITY');
      expect(r.acc.message, 'acc').toMatch(r.names);
      expect(r.admin.code, 'admin').toBe('E_INTEGRITY');
      expect(r.admin.message, 'admin').toMatch(r.names);
      expect(r.accHeldB).toBe(false);
    });
  }

  it(`a copy of the admin's wrap of B addressed to her opens nothing: her unlock names client B`, async () => {
    const r = await copiedWrapUnlocks(vault, keys, { admin, acc }, clientB);
    expect(r.acc.code).toBe('E_INTEGRITY');
    expect(r.acc.message).toMatch(new RegExp(`key of client ${clientB} for ${keys.userId} does not open`));
    expect(r.accHeldB).toBe(false);
    expect(r.admin).toEqual({ code: 'ok', message: '' });
    expect(r.adminHeldB).toBe(true);
  });
});
