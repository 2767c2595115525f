/**
 * A person's own identity, made at their first sign-in (issue 11 item 5): the temporary identity
 * an admin certified signs the new keys' certificate (a chain loadTrust checks), every client key
 * is re-wrapped to the new keys, and the temporary identity's private keys leave with the slot
 * that held them, so no admin ever held this person's long-term private key.
 */
import { certificateFingerprint, issueCertificate } from '../crypto/certificates';
import { generateStaffIdentity, publicIdentity, wipeIdentity, type StaffIdentity } from '../crypto/identity';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema';
import { openMfaSecret, sealMfaSecret, sessionOwner } from '../crypto/mfa-secret';
import { shareClientKey } from '../vault/client-key-store';
import type { VaultSession, WriteContext } from '../vault/session';
import { insertCertificate } from '../vault/trust';

export interface OwnIdentity {
  identity: StaffIdentity;
  fingerprint: string;
  /** Inside the password change's transaction: certificate, client key wraps, two-step secret. */
  apply(ctx: WriteContext): void;
  /** After the commit: the session continues under the new keys. */
  adopt(): void;
  /** The change did not commit: the new keys are wiped. */
  discard(): void;
}

export function ownIdentity(session: VaultSession): OwnIdentity {
  const temporary = session.certificate;
  const identity = generateStaffIdentity();
  const cert = issueCertificate(
    {
      vaultId: session.vaultId,
      userId: session.user.id,
      username: temporary.body.username,
      role: temporary.body.role,
      status: 'active',
      keys: publicIdentity(identity),
      issuedAt: new Date().toISOString(),
      previous: temporary.hash,
    },
    { userId: session.user.id, keys: temporary.keys, ed25519Private: session.identity.ed25519.privateKey },
  );
  const owner = { vaultId: session.vaultId, userId: session.user.id, identity };
  return {
    identity,
    fingerprint: certificateFingerprint(cert.body),
    apply(ctx) {
      insertCertificate(ctx.orm, cert);
      const recipient = { userId: session.user.id, x25519: identity.x25519.publicKey };
      for (const clientId of session.keyRing.clientIds()) shareClientKey(session, ctx, clientId, recipient);
      const row = ctx.orm.select().from(users).where(eq(users.id, session.user.id)).get();
      const reseal = (blob: Buffer | null | undefined, field: 'mfa_secret' | 'mfa_pending_secret') =>
        blob ? sealMfaSecret(owner, field, openMfaSecret(sessionOwner(session), field, blob)) : null;
      ctx.orm
        .update(users)
        .set({
          mfaSecretEnc: reseal(row?.mfaSecretEnc, 'mfa_secret'),
          mfaPendingSecretEnc: reseal(row?.mfaPendingSecretEnc, 'mfa_pending_secret'),
        })
        .where(eq(users.id, session.user.id))
        .run();
    },
    adopt() {
      session.adoptIdentity(identity);
      session.reloadTrust();
    },
    discard() {
      wipeIdentity(identity);
    },
  };
}
