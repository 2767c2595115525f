/**
 * The version-1 -> version-2 upgrade, second half: inside ONE transaction, every sensitive value
 * moves from its version-1 plain column into its `*_enc` sibling under its client's key (through
 * sealText, as every version-2 write), the plain column is emptied, the keyed search tokens and
 * duplicate hashes replace the plain FTS index, and identities, certificates, key wraps and
 * signed statements are stored. Version-1 audit details that carry client text are sealed in
 * place (audit/legacy-details.ts). Nothing here is slow: planUpgrade did the Argon2id work.
 */
import { deriveClientSubkeys, wipeClientSubkeys } from '../crypto/field-cipher';
import { duplicateHashes, indexRecordTokens } from '../records/record-index';
import { sealDetails } from '../audit/legacy-details';
import { appendAuditEvent } from '../vault/audit-chain';
import { ClientKeyRing } from '../vault/client-key-ring';
import type { SqliteDb } from '../vault/database';
import { KEYS_META, slotIntentValue } from '../vault/keys-sync';
import { SEALED_TABLES, type SealedTableSpec } from '../vault/sealed-columns';
import { sealText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import { sealMfaSecret } from '../crypto/mfa-secret';
import { RECOVERY_ID } from '../vault/trust';
import type { UpgradePlan } from './upgrade-v2-plan';

/** vault_meta keys of the upgrade (keys-sync.ts has the keys-file ones). */
export const UPGRADE_META = {
  format: 'format_version',
  /** SHA-256 of the staged version-2 keys file this commit goes with. */
  keys: 'upgrade_v2_keys',
  /** 'committed', then 'scrubbed' once no version-1 value is left on disk (upgrade-v2.ts). */
  state: 'upgrade_v2_state',
  /** The recovery key and temporary passwords, sealed to the upgrading admin, until shown. */
  handover: 'upgrade_v2_handover',
  auditKeyWrap: (recipientId: string) => `audit_legacy_key:${recipientId}`,
} as const;

export interface UpgradeCounts {
  users: number;
  clients: number;
  accounts: number;
  records: number;
  history: number;
  sealedAuditEvents: number;
}

type Row = Record<string, unknown> & { id: number; client_id: number };

/** What the record indexes need of a session: its key ring (record-index.ts reads nothing else). */
type KeyHolder = Pick<VaultSession, 'vaultId' | 'keyRing'>;

/** Rows read at a time: a vault of a million records is never held in memory at once. */
const CHUNK = 2000;

/**
 * Seals every field of `spec` that version 1 kept in a plain column into its `*_enc` column and
 * empties the plain one ('' for clients.name, NOT NULL since version 1; a rebuild is not worth it).
 * `each` sees every row as it was, plaintext included (the indexes, the audit texts). Returns
 * how many rows there were.
 */
function sealTable(db: SqliteDb, keys: KeyHolder, spec: SealedTableSpec, each: (row: Row) => void): number {
  const plain = new Set(
    (db.prepare(`PRAGMA table_info(${spec.table})`).all() as { name: string }[]).map((c) => c.name),
  );
  const fields = spec.fields.filter((f) => plain.has(f));
  // A table version 1 never had a plain column for (import_batches) has nothing to seal.
  if (fields.length === 0) return 0;
  const select = db.prepare(
    `SELECT *, (${spec.clientIdSql}) AS client_id FROM ${spec.table} WHERE id > ? ORDER BY id LIMIT ${CHUNK}`,
  );
  const emptied = (f: string) => (spec.table === 'clients' && f === 'name' ? `''` : 'NULL');
  const set = fields.map((f) => `${f}_enc = ?, ${f} = ${emptied(f)}`).join(', ');
  const update = db.prepare(`UPDATE ${spec.table} SET ${set} WHERE id = ?`);
  let count = 0;
  for (let after = 0; ;) {
    const rows = select.all(after) as Row[];
    if (rows.length === 0) return count;
    for (const r of rows) {
      const sealed = fields.map((field) =>
        sealText(keys, { clientId: r.client_id, table: spec.table, rowId: r.id, field }, r[field] as string | null),
      );
      update.run(...sealed, r.id);
      each(r);
    }
    count += rows.length;
    after = rows.at(-1)!.id;
  }
}

/** Every write of the upgrade; call inside one immediate transaction. */
export function writeUpgrade(db: SqliteDb, plan: UpgradePlan, chainKey: Buffer, stagedHash: string): UpgradeCounts {
  const keyRing = new ClientKeyRing();
  for (const [id, ck] of plan.clientKeys) keyRing.add(id, Buffer.from(ck), 1);
  const keys: KeyHolder = { vaultId: plan.vaultId, keyRing };
  try {
    // A client's own texts (its row and its accounts) are what version-1 audit details could hold.
    const texts = new Map<number, Set<string>>();
    const collect = (r: Row) => {
      const set = texts.get(r.client_id) ?? new Set<string>();
      for (const f of ['name', 'uscc', 'contact', 'notes', 'account_number', 'holder']) {
        const v = r[f];
        if (typeof v === 'string' && v.length >= 2) set.add(v);
      }
      texts.set(r.client_id, set);
    };
    const index = recordIndexer(db, keys);
    const each: Record<SealedTableSpec['table'], (r: Row) => void> = {
      clients: collect,
      payment_accounts: collect,
      payment_records: index,
      record_history: () => undefined,
      import_batches: () => undefined,
      client_agreements: () => undefined,
      incident_clients: () => undefined,
    };
    const rows = new Map(SEALED_TABLES.map((spec) => [spec.table, sealTable(db, keys, spec, each[spec.table])]));
    const count = (table: SealedTableSpec['table']) => rows.get(table) ?? 0;
    // The version-1 index held plain bigrams: 'delete-all' drops every segment of a contentless table.
    db.exec(`INSERT INTO payment_records_search(payment_records_search) VALUES('delete-all')`);

    writeIdentities(db, plan);
    const sealedAuditEvents = sealAuditDetails(db, plan, keyRing, texts);
    const meta = db.prepare(
      `INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
    for (const w of plan.auditKeyWraps) meta.run(UPGRADE_META.auditKeyWrap(w.recipientId), w.wrap.toString('base64'));
    for (const u of plan.users) meta.run(KEYS_META.slot(u.row.id), slotIntentValue(u.slot));
    meta.run('keys_min_generation', String(plan.keysFile.generation));
    meta.run(UPGRADE_META.format, '2');
    meta.run(UPGRADE_META.keys, stagedHash);
    meta.run(UPGRADE_META.state, 'committed');
    meta.run(UPGRADE_META.handover, plan.sealedHandover);

    const counts: UpgradeCounts = {
      users: plan.users.length,
      clients: count('clients'),
      accounts: count('payment_accounts'),
      records: count('payment_records'),
      history: count('record_history'),
      sealedAuditEvents,
    };
    const actor = { actorId: plan.admin.row.id, actorName: plan.admin.row.username };
    appendAuditEvent(db, chainKey, {
      ...actor,
      action: 'vault.upgrade',
      targetType: 'vault',
      targetId: plan.vaultId,
      details: { from: 1, to: 2, ...counts, rootFingerprint: plan.keysFile.rootFingerprint },
    });
    for (const t of plan.handover.temporaryPasswords) {
      appendAuditEvent(db, chainKey, {
        ...actor,
        action: 'user.resetPassword',
        targetType: 'user',
        targetId: t.userId,
        details: { username: t.username, reason: 'upgrade' },
      });
    }
    return counts;
  } finally {
    keyRing.wipe();
  }
}

/** Keyed search tokens and duplicate hashes of one record, as version 2 writes them for a new one. */
function recordIndexer(db: SqliteDb, keys: KeyHolder): (r: Row) => void {
  // record-index.ts takes a session for its key ring alone.
  const session = keys as VaultSession;
  const dup = db.prepare('UPDATE payment_records SET dup_ref = ?, dup_txn = ? WHERE id = ?');
  return (r) => {
    const text = (f: string) => r[f] as string | null;
    const hashes = duplicateHashes(session, r.client_id, {
      accountId: r.account_id as number | null,
      reference: text('reference'),
      occurredAtMs: r.occurred_at as number,
      amountMinor: r.amount_minor as number,
      counterparty: text('counterparty'),
    });
    dup.run(hashes.dupRef, hashes.dupTxn, r.id);
    // A deleted record had left the version-1 index too.
    if (r.deleted_at !== null) return;
    indexRecordTokens(session, db, r.client_id, r.id, {
      counterparty: text('counterparty'),
      memo: text('memo'),
      reference: text('reference'),
      merchantOrderRef: text('merchant_order_ref'),
    });
  };
}

function writeIdentities(db: SqliteDb, plan: UpgradePlan): void {
  const cert = db.prepare('INSERT INTO user_certificates (user_id, certificate) VALUES (?, ?)');
  const mfa = db.prepare(
    `UPDATE users SET mfa_secret_enc = ?, mfa_pending_secret_enc = ?, mfa_secret = NULL, mfa_pending_secret = NULL WHERE id = ?`,
  );
  const temporary = db.prepare(
    'UPDATE users SET must_change_password = 1, password_changed_at = ?, updated_at = ?, updated_by = ? WHERE id = ?',
  );
  const history = db.prepare('INSERT INTO password_history (user_id, hash, created_at) VALUES (?, ?, ?)');
  // The root first (trust.ts checks them in order from it), then the recovery identity, then the staff.
  cert.run(plan.admin.row.id, JSON.stringify(plan.admin.certificate));
  cert.run(RECOVERY_ID, JSON.stringify(plan.recovery.certificate));
  for (const u of plan.users) {
    if (u !== plan.admin) cert.run(u.row.id, JSON.stringify(u.certificate));
    // A disabled account's throwaway identity is gone: it enrols again if it is ever enabled.
    const active = u.row.status === 'active';
    const owner = { vaultId: plan.vaultId, userId: u.row.id, identity: u.identity };
    const sealMfa = (field: 'mfa_secret' | 'mfa_pending_secret', secret: string | null) =>
      active && secret !== null ? sealMfaSecret(owner, field, secret) : null;
    mfa.run(sealMfa('mfa_secret', u.row.mfaSecret), sealMfa('mfa_pending_secret', u.row.mfaPendingSecret), u.row.id);
    if (u.temporaryPassword) temporary.run(plan.now, plan.now, plan.admin.row.id, u.row.id);
    if (u.historyHash) history.run(u.row.id, u.historyHash, plan.now);
  }
  const wrap = db.prepare(
    'INSERT INTO client_key_wraps (client_id, recipient_id, key_generation, wrap) VALUES (?, ?, 1, ?)',
  );
  for (const w of plan.wraps) wrap.run(w.clientId, w.recipientId, w.wrap);
  // The rows keep their grant time and name the signer, as the statements do.
  const grant = db.prepare(
    'UPDATE client_grants SET statement = ?, granted_by = ? WHERE user_id = ? AND client_id = ?',
  );
  for (const [key, statement] of plan.grantStatements) {
    const [userId, clientId] = key.split('|');
    grant.run(statement, plan.admin.row.id, userId, Number(clientId));
  }
  const permission = db.prepare(
    'UPDATE user_permissions SET statement = ?, granted_by = ? WHERE user_id = ? AND permission = ?',
  );
  for (const [key, statement] of plan.permissionStatements) {
    const [userId, name] = key.split('|');
    permission.run(statement, plan.admin.row.id, userId, name);
  }
}

/**
 * Seals the details of version-1 events that carry client text, found by what version 1 wrote:
 * the actions that put a client's name in (client.*, an export's file path), a filter with typed
 * search text, or any value of the client's own row or accounts (`texts`; record values reach
 * details only as typed search text). An event of a client goes under that client's key; one of
 * no client (a search across clients) under the legacy audit key.
 */
function sealAuditDetails(
  db: SqliteDb,
  plan: UpgradePlan,
  ring: ClientKeyRing,
  texts: Map<number, Set<string>>,
): number {
  const NAMING = new Set(['client.create', 'client.update', 'client.archive', 'client.restore', 'records.export']);
  const audit = deriveClientSubkeys(plan.auditKey);
  const names = [...texts.values()].flatMap((set) => [...set].filter((t) => t.length >= 4));
  const update = db.prepare('UPDATE audit_events SET details = ? WHERE seq = ?');
  let sealed = 0;
  try {
    const select = db.prepare(
      `SELECT seq, client_id AS clientId, action, details FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ${CHUNK}`,
    );
    for (let after = 0; ;) {
      const rows = select.all(after) as { seq: number; clientId: number | null; action: string; details: string }[];
      if (rows.length === 0) break;
      after = rows.at(-1)!.seq;
      for (const e of rows) {
        if (e.details === '{}') continue;
        let key: 'client' | 'audit' | null = null;
        if (e.clientId !== null && ring.has(e.clientId)) {
          const own = texts.get(e.clientId) ?? new Set<string>();
          if (NAMING.has(e.action) || typedText(e.details) || [...own].some((t) => e.details.includes(t)))
            key = 'client';
        } else if (typedText(e.details) || names.some((t) => e.details.includes(t))) {
          key = 'audit';
        }
        if (!key) continue;
        const fieldKey = key === 'client' ? ring.subkeys(e.clientId!).fieldKey : audit.fieldKey;
        update.run(sealDetails(plan.vaultId, e, key, fieldKey), e.seq);
        sealed += 1;
      }
    }
  } finally {
    wipeClientSubkeys(audit);
  }
  return sealed;
}

/** A search or export filter with typed text (what a person searched for is part of a record). */
function typedText(details: string): boolean {
  try {
    const parsed = JSON.parse(details) as { filter?: { text?: unknown } };
    return typeof parsed.filter?.text === 'string' && parsed.filter.text.trim() !== '';
  } catch {
    return false;
  }
}
