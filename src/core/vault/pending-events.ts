import { existsSync, readFileSync } from 'node:fs';
import { appendDurably } from '../fs/durable-append';
import { canonicalJson } from '../crypto/canonical-json';
import { hkdfSha256, hmacSha256, wipe } from '../crypto/primitives';
import { localTimeZone, workstationName } from './audit-chain';
import { pendingLineHash } from './keys-sync';
import type { VaultPaths } from './paths';

/**
 * Sign-in failures and lockouts happen while the database is closed, so they cannot enter the
 * audit chain yet. They go to an append-only file (no secrets in it), each line chained by an
 * HMAC under a key from the device secret, and move into the chain at the next unlock.
 */
export interface PendingEvent {
  n: number;
  at: string;
  tz: string;
  username: string;
  workstation: string;
  action: string;
  outcome: 'failed' | 'denied';
  details: Record<string, unknown>;
  mac: string;
}

const GENESIS = '0'.repeat(64);

function pendingKey(deviceSecret: Uint8Array, vaultId: string): Buffer {
  return hkdfSha256(deviceSecret, vaultId, 'ledgervault/v1/pending-audit');
}

function lineMac(key: Buffer, prevMac: string, event: Omit<PendingEvent, 'mac'>): string {
  return hmacSha256(key, Buffer.from(prevMac, 'hex'), Buffer.from(canonicalJson(event))).toString('hex');
}

export interface PendingRead {
  events: PendingEvent[];
  /** Set when a line does not verify: everything from it on is not trusted. */
  brokenAtLine: number | null;
  /** Names the last line read, good or not: once it is in the chain, the file may be emptied up to it. */
  tail: string | null;
}

export function readPendingEvents(paths: VaultPaths, deviceSecret: Uint8Array, vaultId: string): PendingRead {
  if (!existsSync(paths.pending)) return { events: [], brokenAtLine: null, tail: null };
  return parsePendingText(readFileSync(paths.pending, 'utf8'), deviceSecret, vaultId);
}

/** The lines of a pending file's text (the file, or the keychain's copy of it: vault/signin-mirror.ts). */
export function parsePendingText(text: string, deviceSecret: Uint8Array, vaultId: string): PendingRead {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const tail = lines.length > 0 ? pendingLineHash(lines.at(-1)!) : null;
  const key = pendingKey(deviceSecret, vaultId);
  try {
    const events: PendingEvent[] = [];
    let prev = GENESIS;
    for (const [i, line] of lines.entries()) {
      try {
        const parsed = JSON.parse(line) as PendingEvent;
        const { mac, ...rest } = parsed;
        if (rest.n !== i + 1 || lineMac(key, prev, rest) !== mac) return { events, brokenAtLine: i + 1, tail };
        events.push(parsed);
        prev = mac;
      } catch {
        return { events, brokenAtLine: i + 1, tail };
      }
    }
    return { events, brokenAtLine: null, tail };
  } finally {
    wipe(key);
  }
}

/**
 * What may happen while the vault is locked, and so be written to vault.pending: failed or
 * refused sign-ins (a wrong second factor is a failed sign-in), lockouts, and doctor's failed
 * run on a vault that takes no writes. Nothing else.
 */
const ADMISSIBLE: Readonly<Record<string, readonly string[]>> = {
  'auth.signin': ['failed', 'denied'],
  'auth.lockout': ['denied'],
  // doctor's run on a vault whose database takes no writes (an integrity alarm): it found a problem.
  'vault.doctor': ['failed'],
};

/** How far ahead of this workstation's clock another's may be before its line is "from the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface PendingRefusal {
  /** The line's number in vault.pending. */
  line: number;
  why: 'not-a-sign-in-event' | 'in-the-future' | 'before-the-line-above';
}

/**
 * The lines an unlock may move into the audit chain. A line's MAC only shows that its writer
 * held the device secret, which every program of the signed-in OS user can read from the
 * keychain; so an insider could add "mgr exported client X's records, last Tuesday". Only the
 * events that really happen while the vault is locked are taken, each no later than now and no
 * earlier than the accepted line above it; the rest are refused, and the unlock records each
 * refusal (issue 12).
 */
export function admissiblePendingEvents(
  events: PendingEvent[],
  now: Date,
): { accepted: PendingEvent[]; refused: PendingRefusal[] } {
  const accepted: PendingEvent[] = [];
  const refused: PendingRefusal[] = [];
  let latest = -Infinity;
  for (const e of events) {
    const at = Date.parse(e.at);
    let why: PendingRefusal['why'] | null = null;
    if (!ADMISSIBLE[e.action]?.includes(e.outcome)) why = 'not-a-sign-in-event';
    else if (!Number.isFinite(at) || at > now.getTime() + CLOCK_SKEW_MS) why = 'in-the-future';
    else if (at < latest) why = 'before-the-line-above';
    if (why) refused.push({ line: e.n, why });
    else {
      accepted.push(e);
      latest = at;
    }
  }
  return { accepted, refused };
}

/** Call under the keys-file lock so that two processes never number two lines alike. */
export function appendPendingEvent(
  paths: VaultPaths,
  deviceSecret: Uint8Array,
  vaultId: string,
  event: Pick<PendingEvent, 'username' | 'action' | 'outcome' | 'details'>,
): void {
  const current = readPendingEvents(paths, deviceSecret, vaultId);
  const last = current.events.at(-1);
  const body: Omit<PendingEvent, 'mac'> = {
    n: (last?.n ?? 0) + 1,
    at: new Date().toISOString(),
    tz: localTimeZone(),
    username: event.username,
    workstation: workstationName(),
    action: event.action,
    outcome: event.outcome,
    details: event.details,
  };
  const key = pendingKey(deviceSecret, vaultId);
  let line: PendingEvent;
  try {
    line = { ...body, mac: lineMac(key, last?.mac ?? GENESIS, body) };
  } finally {
    wipe(key);
  }
  // Whole or not at all: a half line left by a full disk would read as tampering (fs/durable-append.ts).
  appendDurably(paths.pending, `${JSON.stringify(line)}\n`);
}
