import { slotId, type UserSlot } from './keys-file';
import { KEYS_META, slotIntentValue } from './keys-sync';
import type { VaultSession, WriteContext } from './session';

/** A user's new keyslot, or null to take their slot away at the commit. */
export interface KeyslotChange {
  userId: string;
  slot: UserSlot | null;
}

/**
 * Changes keyslots so that no crash can leave a user without a working password: (1) the new
 * slots go into vault.keys beside the ones they replace, marked pending; (2) `commit` runs in
 * one transaction with the record of which slot is now in force; (3) the follow-up of that
 * commit drops the replaced slots. Cut after (1), the old slot is in force and the next sync
 * drops the new one; cut after (2), the new one is, and the next sync drops the old. A null
 * slot takes the user's slot away at the commit.
 */
export async function changeKeyslots<T>(
  session: VaultSession,
  changes: KeyslotChange[],
  commit: (ctx: WriteContext) => T,
  opts: { newDeviceSecret?: boolean } = {},
): Promise<T> {
  const fresh = changes.flatMap((c) => (c.slot ? [{ ...c.slot, pending: true as const }] : []));
  const ids = fresh.map(slotId);
  for (const id of ids) session.staged.add(id);
  const users = new Set(changes.map((c) => c.userId));
  let committed = false;
  try {
    const staged = await session.updateKeys((file) => {
      const { mac: _mac, ...body } = file;
      // A slot staged by an earlier attempt that a crash cut short gives way to this one.
      const kept = file.slots.filter((s) => !(s.kind === 'user' && s.pending && users.has(s.userId)));
      return { ...body, slots: [...kept, ...fresh] };
    }, opts);
    const result = session.write((ctx) => {
      for (const c of changes) session.setMeta(ctx, KEYS_META.slot(c.userId), slotIntentValue(c.slot));
      // An older keys file than this one lacks the new slots: refuse it from now on.
      session.setMeta(ctx, 'keys_min_generation', String(staged.generation));
      return commit(ctx);
    });
    committed = true;
    return result;
  } finally {
    for (const id of ids) session.staged.delete(id);
    // The commit failed: the staged slots are orphans now; drop them (or the next sync will).
    if (!committed && session.isOpen && !session.integrityAlarm) session.followCommit();
  }
}
