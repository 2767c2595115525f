/**
 * Where client keys come from and go to (security model v2, "Client keys"): a client's key is
 * generated with the client and wrapped, in the same transaction, to every person allowed to
 * read it: every admin and manager (active or with a temporary identity), the recovery identity,
 * and accountants and auditors through their grants. At unlock the wraps addressed to the user
 * fill the session's key ring; there is no other way into it.
 */
import { and, eq, ne } from 'drizzle-orm';
import { generateClientKey, recipientKeyObject, unwrapClientKey, wrapClientKey } from '../crypto/client-keys';
import { clientKeyWraps } from '../db/schema';
import type { Orm } from './database';
import type { VaultSession, WriteContext } from './session';
import type { CertifiedUser } from './trust';

function binding(session: VaultSession, clientId: number, recipientId: string) {
  return { vaultId: session.vaultId, clientId, recipientUserId: recipientId };
}

/** Whom a wrap is for: a person's (or the recovery identity's) id and X25519 public key. */
export interface WrapRecipient {
  userId: string;
  x25519: Uint8Array;
}

export function recipientOf(c: CertifiedUser): WrapRecipient {
  return { userId: c.body.userId, x25519: c.keys.x25519 };
}

/** Wraps `clientKey` to one recipient, replacing any wrap they had for that client. */
export function putWrap(
  session: VaultSession,
  orm: Orm,
  clientId: number,
  clientKey: Uint8Array,
  generation: number,
  recipient: WrapRecipient,
): void {
  const wrap = wrapClientKey(clientKey, recipient.x25519, binding(session, clientId, recipient.userId));
  orm
    .insert(clientKeyWraps)
    .values({ clientId, recipientId: recipient.userId, keyGeneration: generation, wrap })
    .onConflictDoUpdate({
      target: [clientKeyWraps.clientId, clientKeyWraps.recipientId],
      set: { keyGeneration: generation, wrap },
    })
    .run();
}

/** In the transaction that creates client `clientId`: its key, wrapped to everyone who may read it. */
export function createClientKey(session: VaultSession, ctx: WriteContext, clientId: number): void {
  const trust = session.verifiedTrust;
  const key = generateClientKey();
  for (const holder of trust.everyClientHolders()) putWrap(session, ctx.orm, clientId, key, 1, recipientOf(holder));
  session.keyRing.add(clientId, key, 1);
}

/** Gives `recipient` the session's key of client `clientId` (a grant, a new admin or manager). */
export function shareClientKey(session: VaultSession, ctx: WriteContext, clientId: number, recipient: WrapRecipient) {
  putWrap(
    session,
    ctx.orm,
    clientId,
    session.keyRing.clientKey(clientId),
    session.keyRing.generation(clientId),
    recipient,
  );
}

/** Takes a person's wrap of one client's key away (the caller rotates the key: see rotate-client-key.ts). */
export function deleteWrap(orm: Orm, clientId: number, recipientId: string): void {
  orm
    .delete(clientKeyWraps)
    .where(and(eq(clientKeyWraps.clientId, clientId), eq(clientKeyWraps.recipientId, recipientId)))
    .run();
}

/** Every client id a person holds a wrap for. */
export function wrappedClientIds(orm: Orm, recipientId: string): number[] {
  return orm
    .select({ id: clientKeyWraps.clientId })
    .from(clientKeyWraps)
    .where(eq(clientKeyWraps.recipientId, recipientId))
    .all()
    .map((r) => r.id);
}

/** Everyone but `except` who holds a wrap of this client's key. */
export function wrapRecipients(orm: Orm, clientId: number, except: string[] = []): string[] {
  return orm
    .select({ id: clientKeyWraps.recipientId })
    .from(clientKeyWraps)
    .where(and(eq(clientKeyWraps.clientId, clientId), ...except.map((e) => ne(clientKeyWraps.recipientId, e))))
    .all()
    .map((r) => r.id);
}

/**
 * At unlock: opens every wrap addressed to `recipientId` (the user, or the recovery identity)
 * with the session's identity. A wrap that does not open is E_INTEGRITY naming the client.
 */
export function loadClientKeys(session: VaultSession, recipientId: string = session.user.id): void {
  const identity = session.identity;
  const rows = session.orm.select().from(clientKeyWraps).where(eq(clientKeyWraps.recipientId, recipientId)).all();
  // Imported once for the whole ring (a KeyObject's copy lives in OpenSSL until collected).
  const privateKey = recipientKeyObject(identity.x25519.privateKey);
  for (const row of rows) {
    const key = unwrapClientKey(
      row.wrap,
      { x25519Private: privateKey, x25519Public: identity.x25519.publicKey },
      binding(session, row.clientId, recipientId),
    );
    session.keyRing.add(row.clientId, key, row.keyGeneration);
  }
}
