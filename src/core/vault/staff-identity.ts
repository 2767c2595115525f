/**
 * The cryptographic side of a staff account's life (security model v2, issue 11 item 5): which
 * identity and certificate it has, and which client keys are wrapped to it. An admin never holds
 * a person's long-term private key: a new account, a reset and a re-enable get a temporary
 * identity, wrapped under the temporary password; at first sign-in the person makes their own,
 * certified by the temporary one (users/own-identity.ts).
 */
import { and, eq } from 'drizzle-orm';
import { issueCertificate, type CertificateBody, type UserCertificate } from '../crypto/certificates';
import { generateStaffIdentity, publicIdentity, type PublicIdentity, type StaffIdentity } from '../crypto/identity';
import { clientGrants, userPermissions, type Role } from '../db/schema';
import { signGrant } from '../crypto/grant-statements';
import { signPermission } from '../crypto/permission-statements';
import { deleteWrap, shareClientKey, wrappedClientIds } from './client-key-store';
import { rotateClientKey } from './rotate-client-key';
import type { VaultSession, WriteContext } from './session';
import { insertCertificate } from './trust';

export const HOLDS_EVERY_CLIENT: readonly Role[] = ['admin', 'manager'];

/** A certificate issued by the signed-in admin, replacing `userId`'s current one (if any). */
export function issueBy(
  session: VaultSession,
  subject: { userId: string; username: string; role: Role; status: CertificateBody['status']; keys: PublicIdentity },
): UserCertificate {
  const issuer = session.certificate;
  return issueCertificate(
    {
      vaultId: session.vaultId,
      userId: subject.userId,
      username: subject.username,
      role: subject.role,
      status: subject.status,
      keys: subject.keys,
      issuedAt: new Date().toISOString(),
      previous: session.trust?.of(subject.userId)?.hash,
    },
    { userId: issuer.body.userId, keys: issuer.keys, ed25519Private: session.identity.ed25519.privateKey },
  );
}

/** The clients a person of `role` may hold keys for: every client for admins and managers, else their grants. */
export function entitledClients(session: VaultSession, userId: string, role: Role): number[] {
  if (HOLDS_EVERY_CLIENT.includes(role)) return session.keyRing.clientIds();
  return session.orm
    .select({ id: clientGrants.clientId })
    .from(clientGrants)
    .where(eq(clientGrants.userId, userId))
    .all()
    .map((g) => g.id);
}

/**
 * A new temporary identity for an account (new, reset, re-enabled): its private keys go into the
 * slot made with the temporary password; `apply` (inside the change's transaction) certifies it
 * and gives it exactly the client keys its role and grants allow, replacing every older wrap.
 */
export function temporaryIdentity(
  session: VaultSession,
  user: { id: string; username: string; role: Role },
): { identity: StaffIdentity; apply: (ctx: WriteContext) => void } {
  const identity = generateStaffIdentity();
  const cert = issueBy(session, {
    userId: user.id,
    username: user.username,
    role: user.role,
    status: 'temporary',
    keys: publicIdentity(identity),
  });
  const apply = (ctx: WriteContext) => {
    insertCertificate(ctx.orm, cert);
    // What they signed with the keys they had is checked against this certificate from now on.
    resignStatements(session, ctx, user.id, { grants: true, permissions: true });
    for (const clientId of wrappedClientIds(ctx.orm, user.id)) deleteWrap(ctx.orm, clientId, user.id);
    const recipient = { userId: user.id, x25519: identity.x25519.publicKey };
    for (const clientId of entitledClients(session, user.id, user.role)) {
      if (session.keyRing.has(clientId)) shareClientKey(session, ctx, clientId, recipient);
    }
  };
  return { identity, apply };
}

/**
 * Re-issues a user's certificate with a new role or status (same keys), and brings their client
 * keys in line: a new admin or manager receives every key; someone who loses access to clients
 * (disabled, or demoted to a role that reads only grants) loses the wraps, and those clients'
 * keys are rotated so a kept copy opens nothing new. Runs inside the change's transaction.
 */
export function reissueCertificate(
  session: VaultSession,
  ctx: WriteContext,
  userId: string,
  change: { role?: Role; status?: CertificateBody['status'] },
): { rotated: number } {
  const current = session.verifiedTrust.require(userId);
  const role = change.role ?? current.body.role;
  const status = change.status ?? current.body.status;
  insertCertificate(
    ctx.orm,
    issueBy(session, { userId, username: current.body.username, role, status, keys: current.keys }),
  );
  resignStatementsOf(session, ctx, userId, { role, status });
  const keep = new Set(status === 'disabled' ? [] : entitledClients(session, userId, role));
  let rotated = 0;
  for (const clientId of wrappedClientIds(ctx.orm, userId)) {
    if (keep.has(clientId)) continue;
    deleteWrap(ctx.orm, clientId, userId);
    rotateClientKey(session, ctx, clientId, [userId]);
    rotated += 1;
  }
  const recipient = { userId, x25519: current.keys.x25519 };
  const held = new Set(wrappedClientIds(ctx.orm, userId));
  for (const clientId of keep) {
    if (!held.has(clientId) && session.keyRing.has(clientId)) shareClientKey(session, ctx, clientId, recipient);
  }
  return { rotated };
}

/** Takes one client's key from a person (a revoked grant) and rotates it. */
export function withdrawClientKey(session: VaultSession, ctx: WriteContext, clientId: number, userId: string): void {
  deleteWrap(ctx.orm, clientId, userId);
  rotateClientKey(session, ctx, clientId, [userId]);
}

/** Whether `userId` holds a grant on `clientId` (used before wrapping a key to them). */
export function hasGrantRow(ctx: WriteContext, userId: string, clientId: number): boolean {
  return (
    ctx.orm
      .select()
      .from(clientGrants)
      .where(and(eq(clientGrants.userId, userId), eq(clientGrants.clientId, clientId)))
      .get() !== undefined
  );
}

/**
 * Grants and permissions stay in force when the person who signed them is disabled or demoted:
 * the signed-in admin signs them again (a statement counts only while its issuer may give it).
 */
function resignStatementsOf(
  session: VaultSession,
  ctx: WriteContext,
  issuerId: string,
  next: { role: Role; status: CertificateBody['status'] },
): void {
  resignStatements(session, ctx, issuerId, {
    grants: next.status === 'disabled' || !HOLDS_EVERY_CLIENT.includes(next.role),
    permissions: next.status === 'disabled' || next.role !== 'admin',
  });
}

/** Who signs statements again, and under which name. */
export interface StatementSigner {
  userId: string;
  ed25519Private: Uint8Array;
}

/**
 * Signs again the grants (`which.grants`) and extra permissions (`which.permissions`) that
 * `issuerId` signed, as `signer` (the signed-in user by default). Each statement is checked at
 * every unlock against its issuer's certificate in force, so this runs, in the same transaction,
 * whenever that certificate stops vouching for them: the issuer is disabled or demoted, is given
 * a temporary identity by a password reset, or gets a new identity through recovery (then the
 * signer is that new identity, under the issuer's own name).
 */
export function resignStatements(
  session: VaultSession,
  ctx: WriteContext,
  issuerId: string,
  which: { grants: boolean; permissions: boolean },
  signer: StatementSigner = { userId: session.user.id, ed25519Private: session.identity.ed25519.privateKey },
): void {
  const issuedAt = new Date().toISOString();
  if (which.grants) {
    for (const g of ctx.orm.select().from(clientGrants).where(eq(clientGrants.grantedBy, issuerId)).all()) {
      const statement = signGrant(
        {
          vaultId: session.vaultId,
          clientId: String(g.clientId),
          granteeUserId: g.userId,
          canWrite: g.canWrite,
          issuedAt,
          issuerUserId: signer.userId,
        },
        signer.ed25519Private,
      );
      ctx.orm
        .update(clientGrants)
        .set({ grantedBy: signer.userId, statement: JSON.stringify(statement) })
        .where(and(eq(clientGrants.userId, g.userId), eq(clientGrants.clientId, g.clientId)))
        .run();
    }
  }
  if (which.permissions) {
    for (const p of ctx.orm.select().from(userPermissions).where(eq(userPermissions.grantedBy, issuerId)).all()) {
      const statement = signPermission(
        {
          vaultId: session.vaultId,
          userId: p.userId,
          permission: p.permission,
          issuedAt,
          issuerUserId: signer.userId,
        },
        signer.ed25519Private,
      );
      ctx.orm
        .update(userPermissions)
        .set({ grantedBy: signer.userId, statement: JSON.stringify(statement) })
        .where(and(eq(userPermissions.userId, p.userId), eq(userPermissions.permission, p.permission)))
        .run();
    }
  }
}
