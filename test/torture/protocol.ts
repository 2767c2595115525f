/**
 * What the crash campaign's child tells its parent, one JSON line at a time on stdout, and the
 * campaign's shared state. A `begin` line goes out before each core call and a `done` line only
 * after the call returned: a `done` is a write the child holds committed, which must survive any
 * later kill; an op with `begin` and no `done` was in flight and may have happened or not, but
 * never in part.
 */
export type Op =
  | { op: 'add'; user: string; clientId: number; marker: string; id?: number }
  | { op: 'update'; user: string; id: number; marker: string }
  | { op: 'delete'; user: string; id: number }
  | { op: 'move'; user: string; ids: number[]; toClientId: number }
  | { op: 'import'; user: string; clientId: number; rows: number; batchId?: number; ids?: number[] }
  | { op: 'backup'; user: string; folder: string; file?: string; pruned?: string[] }
  | { op: 'grant' | 'revoke'; user: string; clientId: number }
  | { op: 'seal'; user: string; sealId?: number }
  | { op: 'password'; user: string; next: string };

export type Line =
  | { t: 'ready' }
  | { t: 'session'; user: string; sessionId: string }
  | { t: 'locking'; sessionId: string }
  | { t: 'locked'; sessionId: string }
  | { t: 'begin'; op: Op }
  | { t: 'done'; op: Op }
  | { t: 'error'; op: Op; code: string; message: string };

export const MANAGER = 'tmgr';
export const ACCOUNTANT = 'tacc';

/** Written by the setup, read by every child: where the vault is, who signs in, which clients. */
export interface CampaignState {
  dir: string;
  keychainFile: string;
  backupRoot: string;
  /** Clients the accountant always has; the last one is granted and revoked by the manager. */
  clients: number[];
  toggledClient: number;
}

/** Planted faults for the self-test (LEDGERVAULT_TORTURE_FAULT), see child.ts. */
export const FAULTS = ['deferred-commit', 'dropped-fsync'] as const;
export type Fault = (typeof FAULTS)[number];

/** Writes the child reports: every op but a backup's file is a change to the vault. */
export function isWrite(op: Op): boolean {
  return op.op !== 'backup';
}
