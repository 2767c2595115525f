import { and, eq, inArray } from 'drizzle-orm';
import { clientGrants, clients, users } from '../db/schema';
import { LedgerVaultError, inputError } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession } from '../vault/session';
import {
  grantRevoke,
  grantSet,
  type GrantRevoke,
  type GrantRow,
  type GrantSet,
  type StaffOption,
} from '../../shared/access/contract';
import { clientNames } from './client-names';
import { authorize, hasPermission } from './authorize';
import { signGrant } from '../crypto/grant-statements';
import { recipientOf, shareClientKey } from '../vault/client-key-store';
import { HOLDS_EVERY_CLIENT, withdrawClientKey } from '../vault/staff-identity';

export type { GrantRow, StaffOption };

/**
 * Who may change `username`'s grants, decided before anything about that user is told: admins
 * grant any user (and may list users, so "no such user" tells them nothing new); managers grant
 * accountants only (their own permission `grants.manage.accountants`), and since they cannot
 * list users, a missing user and one who is not an accountant are refused alike. Everyone else
 * is refused for the role before the name is looked up. Checked and audited here.
 */
function authorizeGrantFor(session: VaultSession, username: string): typeof users.$inferSelect {
  const lookup = () => session.orm.select().from(users).where(eq(users.username, username)).get();
  if (hasPermission(session, 'grants.manage')) {
    authorize(session, 'grant.set');
    const user = lookup();
    if (!user) throw inputError('user.notFound', { username });
    return user;
  }
  if (hasPermission(session, 'grants.manage.accountants') && !session.restriction) {
    const user = lookup();
    if (user?.role === 'accountant') return user;
    session.write((ctx) =>
      ctx.audit({ action: 'grant.set', outcome: 'denied', details: { reason: 'not_accountant', username } }),
    );
    throw new LedgerVaultError('E_FORBIDDEN', 'Managers may grant clients to existing accountants only.', {
      messageKey: 'grant.notAccountant',
    });
  }
  authorize(session, 'grant.set');
  throw new Error('unreachable: grant.set was allowed without a grant permission');
}

export function setClientGrant(session: VaultSession, grant: GrantSet): void {
  const input = parseInput(grantSet, grant);
  const user = authorizeGrantFor(session, input.username);
  const client = session.orm.select().from(clients).where(eq(clients.id, input.clientId)).get();
  if (!client) throw inputError('client.notFound', { id: input.clientId });
  const now = new Date().toISOString();
  // The grant is a signed statement plus the client's key wrapped to the grantee: the row alone,
  // or a row edited by hand, gives nothing (checked at every unlock).
  const statement = JSON.stringify(
    signGrant(
      {
        vaultId: session.vaultId,
        clientId: String(input.clientId),
        granteeUserId: user.id,
        canWrite: input.canWrite,
        issuedAt: now,
        issuerUserId: session.user.id,
      },
      session.identity.ed25519.privateKey,
    ),
  );
  const grantee = session.verifiedTrust.require(user.id);
  session.write((ctx) => {
    ctx.orm
      .insert(clientGrants)
      .values({
        userId: user.id,
        clientId: input.clientId,
        canWrite: input.canWrite,
        grantedBy: session.user.id,
        grantedAt: now,
        statement,
      })
      .onConflictDoUpdate({
        target: [clientGrants.userId, clientGrants.clientId],
        set: { canWrite: input.canWrite, grantedBy: session.user.id, grantedAt: now, statement },
      })
      .run();
    if (!HOLDS_EVERY_CLIENT.includes(grantee.body.role) && grantee.body.status !== 'disabled')
      shareClientKey(session, ctx, input.clientId, recipientOf(grantee));
    ctx.audit({
      action: 'grant.set',
      targetType: 'user',
      targetId: user.id,
      clientId: input.clientId,
      details: { username: input.username, canWrite: input.canWrite },
    });
  });
}

export function revokeClientGrant(session: VaultSession, grant: GrantRevoke): void {
  const input = parseInput(grantRevoke, grant);
  const user = authorizeGrantFor(session, input.username);
  const grantee = session.verifiedTrust.require(user.id);
  session.write((ctx) => {
    const removed = ctx.orm
      .delete(clientGrants)
      .where(and(eq(clientGrants.userId, user.id), eq(clientGrants.clientId, input.clientId)))
      .run();
    // Revoking takes the key away and rotates it, re-sealing the client's fields in this
    // transaction: a copy of the old key the person kept opens nothing written from now on.
    if (removed.changes > 0 && !HOLDS_EVERY_CLIENT.includes(grantee.body.role))
      withdrawClientKey(session, ctx, input.clientId, user.id);
    ctx.audit({
      action: 'grant.revoke',
      targetType: 'user',
      targetId: user.id,
      clientId: input.clientId,
      details: { username: input.username },
    });
  });
}

/** Every grant (who reaches which client); seeing them is an audited event. */
export function listClientGrants(session: VaultSession): GrantRow[] {
  if (!hasPermission(session, 'grants.manage.accountants')) authorize(session, 'grant.list');
  const rows = grantRows(session);
  session.write((ctx) => ctx.audit({ action: 'grant.list', details: { rows: rows.length } }), { read: true });
  return rows;
}

/** Client names decrypted in TypeScript; a client whose key this session lacks is listed by number (null name). */
function grantRows(session: VaultSession): GrantRow[] {
  const rows = session.orm
    .select({ username: users.username, clientId: clientGrants.clientId, canWrite: clientGrants.canWrite })
    .from(clientGrants)
    .innerJoin(users, eq(users.id, clientGrants.userId))
    .innerJoin(clients, eq(clients.id, clientGrants.clientId))
    .orderBy(users.username, clientGrants.clientId)
    .all();
  const names = clientNames(session, [...new Set(rows.map((r) => r.clientId))]);
  return rows.map((r) => ({ ...r, clientName: names.get(r.clientId) ?? null }));
}

/**
 * The active staff the signed-in user may grant clients to, for the grant screens' pickers and
 * matrix: admins see accountants and auditors, managers accountants only (all they may grant).
 * Names and role only; managers cannot list users (users:list) and learn nothing more here.
 * Audited like the other listings.
 */
export function listGrantableStaff(session: VaultSession): StaffOption[] {
  const everyone = hasPermission(session, 'grants.manage');
  if (!everyone && !(hasPermission(session, 'grants.manage.accountants') && !session.restriction)) {
    authorize(session, 'grant.list');
  }
  const roles: StaffOption['role'][] = everyone ? ['accountant', 'auditor'] : ['accountant'];
  const rows = session.orm
    .select({ username: users.username, displayName: users.displayName, role: users.role })
    .from(users)
    .where(and(eq(users.status, 'active'), inArray(users.role, roles)))
    .all()
    .map((u) => ({ username: u.username, displayName: u.displayName, role: u.role as StaffOption['role'] }))
    // Display names are sorted in TypeScript (issue 11 encrypts text fields).
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN') || a.username.localeCompare(b.username));
  session.write((ctx) => ctx.audit({ action: 'grant.staff', details: { rows: rows.length } }));
  return rows;
}
