import { insertClient } from '../../src/core/clients/clients';
import { paymentRecords } from '../../src/core/db/schema';
import type { VaultSession } from '../../src/core/index';

/** Writes a client and records through a session, each change with its audit event. */
export function writeRecords(
  session: VaultSession,
  clientName: string,
  rows: { counterparty: string; memo: string; amountMinor: number }[],
): number {
  return session.write((ctx) => {
    const now = new Date().toISOString();
    const by = session.user.id;
    // Through the clients feature: its id, its key and its name sealed, as the app makes a client.
    const client = { id: insertClient(session, ctx, { name: clientName, uscc: null }) };
    ctx.audit({ action: 'client.create', targetType: 'client', targetId: String(client.id), clientId: client.id });
    for (const r of rows) {
      const rec = ctx.orm
        .insert(paymentRecords)
        .values({
          clientId: client.id,
          occurredAt: Date.now(),
          direction: 'out',
          amountMinor: r.amountMinor,
          counterparty: r.counterparty,
          memo: r.memo,
          createdAt: now,
          createdBy: by,
          updatedAt: now,
          updatedBy: by,
        })
        .returning({ id: paymentRecords.id })
        .get();
      ctx.audit({ action: 'record.create', targetType: 'record', targetId: String(rec.id), clientId: client.id });
    }
    return client.id;
  });
}
