/**
 * The insider's edits with the DEK (issue 11, "Must show": set `users.role = 'admin'` and grant
 * rows directly), each made in its own copy of the vault folder, followed by the next unlock as
 * the accountant and as the admin.
 */
import path from 'node:path';
import type { Staff } from '../helpers/staff';
import type { TestVault } from '../helpers/test-vault';
import { issueCertificate, issueSelfSignedCertificate, type CertificateBody } from '../../src/core/crypto/certificates';
import { generateStaffIdentity, publicIdentity } from '../../src/core/crypto/identity';
import { copyVault, openWithDek, removeCopy, unlockOutcome, type InsiderKeys, type RawDb } from './helpers';

export interface TamperResult {
  edit: string;
  /** What the E_INTEGRITY message must name. */
  names: RegExp;
  acc: { code: string; message: string };
  admin: { code: string; message: string };
  /** Whether an unlock as acc that went through held client B's key (false when it failed). */
  accHeldB: boolean;
}

interface Ids {
  clientA: number;
  clientB: number;
}

const now = () => new Date().toISOString();

function userId(db: RawDb, username: string): string {
  return db.prepare<[string], { id: string }>('SELECT id FROM users WHERE username = ?').get(username)!.id;
}

function statementOf(db: RawDb, sql: string, ...args: unknown[]): string {
  const row = db.prepare(sql).get(...args) as { statement: string | null } | undefined;
  if (!row?.statement) throw new Error(`no statement to copy: ${sql}`);
  return row.statement;
}

/** Every certificate replaced by a forged chain: a new self-signed root, acc made an admin by it. */
function forgeCertificates(db: RawDb, keys: InsiderKeys, accId: string): void {
  const rows = db
    .prepare<[], { user_id: string; certificate: string }>(
      'SELECT user_id, certificate FROM user_certificates ORDER BY id',
    )
    .all();
  const latest = new Map<string, CertificateBody>();
  for (const r of rows) latest.set(r.user_id, (JSON.parse(r.certificate) as { body: CertificateBody }).body);
  const rootBody = (JSON.parse(rows[0]!.certificate) as { body: CertificateBody }).body;
  const forged = generateStaffIdentity();
  const forgedKeys = publicIdentity(forged);
  const root = issueSelfSignedCertificate(
    {
      vaultId: keys.vaultId,
      userId: rootBody.userId,
      username: rootBody.username,
      role: 'admin',
      status: 'active',
      keys: forgedKeys,
      issuedAt: now(),
    },
    forged.ed25519.privateKey,
  );
  const issuer = { userId: rootBody.userId, keys: forgedKeys, ed25519Private: forged.ed25519.privateKey };
  const others = [...latest.values()]
    .filter((b) => b.userId !== rootBody.userId)
    .map((b) =>
      issueCertificate(
        {
          vaultId: keys.vaultId,
          userId: b.userId,
          username: b.username,
          role: b.userId === accId ? 'admin' : b.role,
          status: b.status,
          keys: { x25519: Buffer.from(b.x25519, 'base64'), ed25519: Buffer.from(b.ed25519, 'base64') },
          issuedAt: now(),
        },
        issuer,
      ),
    );
  db.prepare('DELETE FROM user_certificates').run();
  const put = db.prepare('INSERT INTO user_certificates (user_id, certificate) VALUES (?, ?)');
  for (const c of [root, ...others]) put.run(c.body.userId, JSON.stringify(c));
  db.prepare(`UPDATE users SET role = 'admin' WHERE id = ?`).run(accId);
}

/** The edits, by name: each is its own test (its own copy and two unlocks). */
export const TAMPER_EDITS = [
  `users.role = 'admin' for acc`,
  'a client_grants row for acc on B without a statement',
  'a client_grants row for acc on B with the statement of her grant on A',
  'her grant on A moved to B (client_id edited)',
  'a user_permissions row (records.reveal) for acc without a statement',
  `a user_permissions row for acc with the statement of mgr's permission`,
  'user_certificates replaced by a forged root and a forged admin certificate for acc',
] as const;

export async function tamperedUnlock(
  vault: TestVault,
  keys: InsiderKeys,
  people: { admin: Staff; acc: Staff },
  ids: Ids,
  which: (typeof TAMPER_EDITS)[number],
): Promise<TamperResult> {
  const { clientA, clientB } = ids;
  const grantOfB = new RegExp(`grant of client #${clientB} to "acc"`);
  const edits: { edit: string; names: RegExp; run: (db: RawDb, accId: string) => void }[] = [
    {
      edit: `users.role = 'admin' for acc`,
      names: /users row of "acc"/,
      run: (db) => db.prepare(`UPDATE users SET role = 'admin' WHERE username = 'acc'`).run(),
    },
    {
      edit: 'a client_grants row for acc on B without a statement',
      names: grantOfB,
      run: (db, accId) =>
        db
          .prepare(
            'INSERT INTO client_grants (user_id, client_id, can_write, granted_by, granted_at) VALUES (?, ?, 1, ?, ?)',
          )
          .run(accId, clientB, userId(db, people.admin.username), now()),
    },
    {
      edit: 'a client_grants row for acc on B with the statement of her grant on A',
      names: grantOfB,
      run: (db, accId) => {
        const statement = statementOf(
          db,
          'SELECT statement FROM client_grants WHERE user_id = ? AND client_id = ?',
          accId,
          clientA,
        );
        db.prepare(
          'INSERT INTO client_grants (user_id, client_id, can_write, granted_by, granted_at, statement) VALUES (?, ?, 1, ?, ?, ?)',
        ).run(accId, clientB, userId(db, people.admin.username), now(), statement);
      },
    },
    {
      edit: 'her grant on A moved to B (client_id edited)',
      names: grantOfB,
      run: (db, accId) =>
        db
          .prepare('UPDATE client_grants SET client_id = ? WHERE user_id = ? AND client_id = ?')
          .run(clientB, accId, clientA),
    },
    {
      edit: 'a user_permissions row (records.reveal) for acc without a statement',
      names: /permission records\.reveal of "acc"/,
      run: (db, accId) =>
        db
          .prepare(
            `INSERT INTO user_permissions (user_id, permission, granted_by, granted_at) VALUES (?, 'records.reveal', ?, ?)`,
          )
          .run(accId, userId(db, people.admin.username), now()),
    },
    {
      edit: `a user_permissions row for acc with the statement of mgr's permission`,
      names: /permission records\.reveal of "acc"/,
      run: (db, accId) => {
        const statement = statementOf(
          db,
          `SELECT statement FROM user_permissions WHERE user_id = ?`,
          userId(db, 'mgr'),
        );
        db.prepare(
          `INSERT INTO user_permissions (user_id, permission, granted_by, granted_at, statement) VALUES (?, 'records.reveal', ?, ?, ?)`,
        ).run(accId, userId(db, people.admin.username), now(), statement);
      },
    },
    {
      edit: 'user_certificates replaced by a forged root and a forged admin certificate for acc',
      names: /root certificate/,
      run: (db, accId) => forgeCertificates(db, keys, accId),
    },
  ];
  const e = edits.find((x) => x.edit === which)!;
  const copy = copyVault(vault.dir);
  try {
    const db = openWithDek(path.join(copy, 'vault.db'), keys.dek, keys.cipher);
    try {
      e.run(db, keys.userId);
    } finally {
      db.close();
    }
    let accHeldB = false;
    const acc = await unlockOutcome(copy, vault.keyStore, people.acc, (s) => {
      accHeldB = s.keyRing.has(clientB);
    });
    const admin = await unlockOutcome(copy, vault.keyStore, people.admin);
    return { edit: e.edit, names: e.names, acc, admin, accHeldB };
  } finally {
    removeCopy(copy);
  }
}

/**
 * A wrap of client B's key addressed to acc, copied from the admin's: not hers to open. Her
 * unlock refuses it naming the client; nothing else depends on it, so the admin's goes through.
 */
export async function copiedWrapUnlocks(
  vault: TestVault,
  keys: InsiderKeys,
  people: { admin: Staff; acc: Staff },
  clientB: number,
) {
  const copy = copyVault(vault.dir);
  try {
    const db = openWithDek(path.join(copy, 'vault.db'), keys.dek, keys.cipher);
    try {
      const adminId = userId(db, people.admin.username);
      db.prepare(
        `INSERT INTO client_key_wraps (client_id, recipient_id, key_generation, wrap)
         SELECT client_id, ?, key_generation, wrap FROM client_key_wraps WHERE client_id = ? AND recipient_id = ?`,
      ).run(keys.userId, clientB, adminId);
    } finally {
      db.close();
    }
    let accHeldB = false;
    const acc = await unlockOutcome(copy, vault.keyStore, people.acc, (s) => {
      accHeldB = s.keyRing.has(clientB);
    });
    let adminHeldB = false;
    const admin = await unlockOutcome(copy, vault.keyStore, people.admin, (s) => {
      adminHeldB = s.keyRing.has(clientB);
    });
    return { acc, admin, accHeldB, adminHeldB };
  } finally {
    removeCopy(copy);
  }
}
