import { existsSync, readFileSync } from 'node:fs';
import { canonicalJson } from '../crypto/canonical-json';
import { sha256 } from '../crypto/primitives';
import { writeFileAtomic } from '../fs/atomic-write';
import { readAuditHead, type AuditHead } from './audit-chain';
import type { SqliteDb } from './database';
import { newestSealAnchor, type SealAnchor } from './audit-seals';
import { slotId, type FailureCounter, type KeysBody, type KeysFile, type UserSlot } from './keys-file';

/**
 * The keys file holds copies of what the database decides: the audit head, the lockout policy,
 * which keyslot of each user is in force, counters a sign-in or an admin cleared. A change
 * records its intent in `vault_meta` inside its own transaction; after the commit (and again at
 * the next sign-in, should a crash or a busy lock cut that short) the keys file is brought to
 * match. Doing it again changes nothing, so it can be retried any number of times.
 */
export const KEYS_META = {
  slot: (userId: string) => `keyslot:${userId}`,
  counterReset: (username: string) => `counter_reset:${username}`,
  lockout: 'keys_lockout',
  pendingTail: 'pending_imported_tail',
} as const;

/** A slot that no longer exists (a disabled account, staff dropped by a recovery). */
const NO_SLOT = 'none';

export interface KeysIntent {
  auditHead: AuditHead;
  /** The newest audit seal, mirrored in the keys file (null before the first). */
  auditSeal?: SealAnchor | null;
  lockout: KeysBody['lockout'] | null;
  /** userId -> id of the slot in force, or null for none; users not listed keep their active slot. */
  slots: Map<string, string | null>;
  /** username -> the counter (canonical JSON) that was cleared; a counter that moved on since stays. */
  counterResets: Map<string, string>;
  /** Hash of the last vault.pending line moved into the chain: the file can be emptied up to it. */
  pendingTail: string | null;
}

export interface KeysRepair {
  what: 'audit_head' | 'audit_seal' | 'lockout' | 'keyslot' | 'counter';
  username?: string;
  change: string;
}

export function readKeysIntent(db: SqliteDb): KeysIntent {
  const rows = db
    .prepare<[string, string], { key: string; value: string }>(
      `SELECT key, value FROM vault_meta
       WHERE substr(key, 1, 8) = 'keyslot:' OR substr(key, 1, 14) = 'counter_reset:' OR key IN (?, ?)`,
    )
    .all(KEYS_META.lockout, KEYS_META.pendingTail);
  const intent: KeysIntent = {
    auditHead: readAuditHead(db),
    auditSeal: newestSealAnchor(db),
    lockout: null,
    slots: new Map(),
    counterResets: new Map(),
    pendingTail: null,
  };
  for (const { key, value } of rows) {
    if (key === KEYS_META.lockout) intent.lockout = JSON.parse(value) as KeysBody['lockout'];
    else if (key === KEYS_META.pendingTail) intent.pendingTail = value;
    else if (key.startsWith('keyslot:')) intent.slots.set(key.slice(8), value === NO_SLOT ? null : value);
    else intent.counterResets.set(key.slice(14), value);
  }
  return intent;
}

/** Whether the database has this slot in force (a slot staged for a change that never committed is not). */
export function isSlotInForce(db: SqliteDb, slot: UserSlot): boolean {
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM vault_meta WHERE key = ?')
    .get(KEYS_META.slot(slot.userId));
  return row === undefined ? !slot.pending : row.value === slotId(slot);
}

export function slotIntentValue(slot: UserSlot | null): string {
  return slot ? slotId(slot) : NO_SLOT;
}

export function counterIntentValue(counter: FailureCounter): string {
  return canonicalJson(counter);
}

/**
 * The keys file the intent asks for, or null when it already matches, with what differed.
 * `staged` names slots written for a change whose transaction has not finished yet: kept.
 */
export function reconcileKeys(
  file: KeysFile,
  intent: KeysIntent,
  staged: ReadonlySet<string> = new Set(),
): { body: Omit<KeysFile, 'mac'> | null; repairs: KeysRepair[] } {
  const repairs: KeysRepair[] = [];
  const { mac: _mac, ...body } = file;

  if (body.auditHead.seq !== intent.auditHead.seq || body.auditHead.hash !== intent.auditHead.hash) {
    repairs.push({ what: 'audit_head', change: `${body.auditHead.seq} -> ${intent.auditHead.seq}` });
    body.auditHead = intent.auditHead;
  }
  if (intent.auditSeal && canonicalJson(intent.auditSeal) !== canonicalJson(body.auditSeal ?? null)) {
    repairs.push({ what: 'audit_seal', change: `${body.auditSeal?.sealId ?? 0} -> ${intent.auditSeal.sealId}` });
    body.auditSeal = intent.auditSeal;
  }
  if (intent.lockout && canonicalJson(intent.lockout) !== canonicalJson(body.lockout)) {
    repairs.push({
      what: 'lockout',
      change: `${body.lockout.maxFailures}/${body.lockout.lockMinutes}min -> ${intent.lockout.maxFailures}/${intent.lockout.lockMinutes}min`,
    });
    body.lockout = { ...intent.lockout };
  }

  const ids = new Set(file.slots.map((s) => (s.kind === 'user' ? slotId(s) : '')));
  body.slots = file.slots.flatMap((s): KeysFile['slots'] => {
    if (s.kind !== 'user') return [s];
    const id = slotId(s);
    const target = intent.slots.get(s.userId);
    if (id === target) {
      if (!s.pending) return [s];
      repairs.push({ what: 'keyslot', username: s.username, change: 'put the committed slot in force' });
      const { pending: _pending, ...promoted } = s;
      return [promoted];
    }
    if (staged.has(id)) return [s];
    const drop = (change: string): KeysFile['slots'] => {
      repairs.push({ what: 'keyslot', username: s.username, change });
      return [];
    };
    if (target === undefined) return s.pending ? drop('removed a slot whose change never committed') : [s];
    if (target === null) return drop('removed: the account has no slot');
    // Another slot of this user is in force: this one was replaced (or never committed).
    if (ids.has(target) || s.pending)
      return drop(s.pending ? 'removed a slot whose change never committed' : 'removed the replaced slot');
    return [s];
  });

  const counters = { ...body.counters };
  for (const [username, cleared] of intent.counterResets) {
    const current = counters[username];
    if (current && counterIntentValue(current) === cleared) {
      repairs.push({ what: 'counter', username, change: 'cleared' });
      delete counters[username];
    }
  }
  body.counters = counters;

  return { body: repairs.length > 0 ? body : null, repairs };
}

/** Hash that names one raw line of vault.pending. */
export function pendingLineHash(line: string): string {
  return sha256(Buffer.from(line, 'utf8')).toString('hex');
}

/**
 * Empties vault.pending once every line in it has been moved into the chain (its last line is
 * the one the last sign-in imported). Lines appended since, by a failed sign-in in another
 * process, stay for the next sign-in. Call under the keys lock, which appenders hold too.
 */
export function clearImportedPending(pendingPath: string, tail: string | null): boolean {
  if (tail === null || !existsSync(pendingPath)) return false;
  const last = readFileSync(pendingPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .at(-1);
  if (last === undefined || pendingLineHash(last) !== tail) return false;
  writeFileAtomic(pendingPath, '');
  return true;
}
