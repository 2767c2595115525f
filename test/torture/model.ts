/**
 * What the parent knows the vault holds: every write the child reported done, applied in order.
 * A kill leaves at most one op in flight; the verifier decides it (happened or not) from the vault
 * and adopts what it found, so the model stays exact round after round.
 */
import path from 'node:path';
import type { Op } from './protocol';

export interface RecordState {
  clientId: number;
  /** Null: imported, its memo taken from the vault the first time it is read. */
  memo: string | null;
  deleted: boolean;
}

export interface Model {
  records: Map<number, RecordState>;
  /** Import batch id → client. */
  batches: Map<number, number>;
  /** The accountant's grant on the toggled client. */
  granted: boolean;
  seals: Set<number>;
  /** Backup files reported done and not pruned since, with whether they were verified yet. */
  backups: Map<string, boolean>;
  passwords: Map<string, string>;
}

export function newModel(passwords: Map<string, string>): Model {
  return {
    records: new Map(),
    batches: new Map(),
    granted: true,
    seals: new Set(),
    backups: new Map(),
    passwords: new Map(passwords),
  };
}

/** The things an op changed, as keys the verifier reports mismatches by. */
export function entitiesOf(op: Op): string[] {
  switch (op.op) {
    case 'add':
      return op.id === undefined ? [] : [`record:${op.id}`];
    case 'update':
    case 'delete':
      return [`record:${op.id}`];
    case 'move':
      return op.ids.map((id) => `record:${id}`);
    case 'import':
      return [`batch:${op.batchId}`, ...(op.ids ?? []).map((id) => `record:${id}`)];
    case 'backup':
      return op.file ? [`backup:${op.file}`] : [];
    case 'grant':
    case 'revoke':
      return ['grant'];
    case 'seal':
      return op.sealId === undefined ? [] : [`seal:${op.sealId}`];
    case 'password':
      return [`password:${op.user}`];
  }
}

/** Applies a write the child reported done. */
export function apply(m: Model, op: Op): void {
  const rec = (id: number) => {
    const r = m.records.get(id);
    if (!r) throw new Error(`the child changed record ${id}, which the parent never saw made`);
    return r;
  };
  switch (op.op) {
    case 'add':
      m.records.set(op.id!, { clientId: op.clientId, memo: op.marker, deleted: false });
      return;
    case 'update':
      rec(op.id).memo = op.marker;
      return;
    case 'delete':
      rec(op.id).deleted = true;
      return;
    case 'move':
      for (const id of op.ids) rec(id).clientId = op.toClientId;
      return;
    case 'import':
      m.batches.set(op.batchId!, op.clientId);
      for (const id of op.ids ?? []) m.records.set(id, { clientId: op.clientId, memo: null, deleted: false });
      return;
    case 'backup':
      if (op.file) m.backups.set(op.file, false);
      // The retention policy's removals, by name: older generations of the same day.
      for (const name of op.pruned ?? []) m.backups.delete(path.join(op.folder, name));
      return;
    case 'grant':
    case 'revoke':
      m.granted = op.op === 'grant';
      return;
    case 'seal':
      if (op.sealId !== undefined) m.seals.add(op.sealId);
      return;
    case 'password':
      m.passwords.set(op.user, op.next);
      return;
  }
}
