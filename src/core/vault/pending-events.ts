import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
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
  const lines = readFileSync(paths.pending, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
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
  appendFileSync(paths.pending, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  const fd = openSync(paths.pending, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
