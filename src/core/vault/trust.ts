/**
 * Which certificates hold (security model v2, "User identity"). Every certificate in
 * `user_certificates` is checked in the order it was issued, from the root the signed-in user's
 * own keyslot pins: the first admin's self-signed certificate. A certificate holds when it is
 * signed by someone whose certificate held at that point and who is an active admin (or the
 * recovery identity), or when it is a person's own first certificate signed by their temporary
 * identity; and it must name, as `previous`, the certificate of that user it replaces. Anything
 * else is E_INTEGRITY naming the certificate. Role and status are read from here, never from the
 * `users` row, which must agree (an edited row is named too).
 */
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import {
  certificateBodySchema,
  certificateFingerprint,
  certificateHash,
  certifiedKeys,
  verifyCertificate,
  type CertificateBody,
  type UserCertificate,
} from '../crypto/certificates';
import type { PublicIdentity } from '../crypto/identity';
import { verifyGrant, type SignedGrant } from '../crypto/grant-statements';
import { verifyPermission } from '../crypto/permission-statements';
import { clientGrants, userCertificates, userPermissions, users } from '../db/schema';
import { integrityError, LedgerVaultError } from '../errors';
import type { InputMessageKey, MessageParams } from '../../shared/messages';
import type { Orm } from './database';

/** The recovery identity's account id in certificates and client key wraps. */
export const RECOVERY_ID = 'recovery';

const storedCertificate = z.strictObject({ body: certificateBodySchema, signature: z.string() });

export interface CertifiedUser {
  body: CertificateBody;
  cert: UserCertificate;
  hash: string;
  keys: PublicIdentity;
}

export class Trust {
  constructor(
    readonly rootUserId: string,
    private readonly current: Map<string, CertifiedUser>,
    /** Every Ed25519 key ever certified to each user: an audit seal is checked against the key of its day. */
    private readonly signingKeys: Map<string, Buffer[]> = new Map(),
  ) {}

  /** Every Ed25519 public key ever certified to this user (or RECOVERY_ID), oldest first. */
  signingKeysEver(userId: string): Buffer[] {
    return this.signingKeys.get(userId) ?? [];
  }

  /** The certificate in force for a user (or RECOVERY_ID), if any. */
  of(userId: string): CertifiedUser | undefined {
    return this.current.get(userId);
  }

  require(userId: string): CertifiedUser {
    const c = this.current.get(userId);
    if (!c) throw integrityError(`There is no certificate for user ${userId}: the users table was edited.`);
    return c;
  }

  all(): CertifiedUser[] {
    return [...this.current.values()];
  }

  /** Everyone who holds every client's key: active or temporary admins and managers, and recovery. */
  everyClientHolders(): CertifiedUser[] {
    return this.all().filter(
      (c) => (c.body.role === 'admin' || c.body.role === 'manager') && c.body.status !== 'disabled',
    );
  }
}

function parseStored(raw: string, rowId: number): UserCertificate {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw integrityError(`Certificate row ${rowId} is not readable: it was edited.`);
  }
  const parsed = storedCertificate.safeParse(json);
  if (!parsed.success) throw integrityError(`Certificate row ${rowId} is malformed: it was edited.`);
  return parsed.data;
}

function isActiveIssuer(c: CertifiedUser | undefined): c is CertifiedUser {
  return !!c && c.body.role === 'admin' && c.body.status === 'active';
}

/**
 * Checks every certificate from the pinned root and returns those in force. `vaultId` binds
 * them to this vault (a certificate copied from another vault is refused).
 */
export function loadTrust(orm: Orm, vaultId: string, rootFingerprint: string): Trust {
  return trustFromRows(
    orm.select().from(userCertificates).orderBy(asc(userCertificates.id)).all(),
    vaultId,
    rootFingerprint,
  );
}

/** The same check over certificate rows given in issue order (a backup's manifest carries them). */
export function trustFromRows(
  rows: readonly { id: number; userId: string; certificate: string }[],
  vaultId: string,
  rootFingerprint: string,
): Trust {
  const current = new Map<string, CertifiedUser>();
  const signingKeys = new Map<string, Buffer[]>();
  let rootUserId: string | null = null;
  for (const row of rows) {
    try {
      rootUserId = checkOne(row, current, rootUserId, vaultId, rootFingerprint);
      const now = current.get(row.userId);
      if (now) signingKeys.set(row.userId, [...(signingKeys.get(row.userId) ?? []), now.keys.ed25519]);
    } catch (err) {
      throw named(err, 'integrity.certificate', { user: certificateUser(row.certificate) ?? row.userId });
    }
  }
  if (rootUserId === null) throw integrityError('The vault has no certificates: they were removed.');
  return new Trust(rootUserId, current, signingKeys);
}

/** The same finding with a message in the user's language naming what was edited. */
function named(err: unknown, messageKey: InputMessageKey, params: MessageParams): unknown {
  if (err instanceof LedgerVaultError && err.code === 'E_INTEGRITY' && !err.messageKey)
    return integrityError(err.detail, err.cause, { messageKey, params });
  return err;
}

function certificateUser(raw: string): string | null {
  try {
    const name = (JSON.parse(raw) as { body?: { username?: unknown } }).body?.username;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

/** Checks one stored certificate against those before it; returns the root's user id. */
function checkOne(
  row: { id: number; userId: string; certificate: string },
  current: Map<string, CertifiedUser>,
  rootUserId: string | null,
  vaultId: string,
  rootFingerprint: string,
): string {
  const cert = parseStored(row.certificate, row.id);
  const body = cert.body;
  const who = `The certificate of "${body.username}" (row ${row.id})`;
  if (body.vaultId !== vaultId || body.userId !== row.userId) throw integrityError(`${who} belongs elsewhere.`);
  const previous = current.get(body.userId);
  let verified: CertificateBody;
  if (rootUserId === null) {
    // The first certificate must be the pinned root: self-signed, an active admin.
    verified = verifyCertificate(cert, { userId: body.userId, keys: certifiedKeys(body) });
    if (certificateFingerprint(verified) !== rootFingerprint || verified.role !== 'admin')
      throw integrityError(`${who} is not the vault's root certificate: the certificates were replaced.`);
    rootUserId = verified.userId;
  } else {
    const issuer = current.get(body.issuerUserId);
    const ownChain =
      previous?.body.status === 'temporary' &&
      body.issuerUserId === body.userId &&
      body.status === 'active' &&
      body.role === previous.body.role &&
      body.username === previous.body.username;
    if (ownChain) {
      // A person's own keys, certified by the temporary identity an admin gave them.
      verified = verifyCertificate(cert, { userId: body.userId, keys: previous.keys });
    } else {
      if (!isActiveIssuer(issuer)) throw integrityError(`${who} is not signed by an active admin.`);
      verified = verifyCertificate(cert, { userId: issuer.body.userId, keys: issuer.keys });
    }
  }
  if ((previous?.hash ?? undefined) !== verified.previous)
    throw integrityError(`${who} does not follow the certificate it replaces: certificates were removed or reordered.`);
  current.set(verified.userId, {
    body: verified,
    cert,
    hash: certificateHash(cert),
    keys: certifiedKeys(verified),
  });
  return rootUserId;
}

/**
 * The `users` rows must say what the certificates say: an edited role, status or name is named
 * (and gives nothing: the session's role comes from the certificate).
 */
export function checkUsersAgainstCertificates(orm: Orm, trust: Trust): void {
  for (const u of orm.select().from(users).all()) {
    const c = trust.of(u.id);
    if (!c)
      throw integrityError(`User "${u.username}" has no certificate: the users table was edited.`, undefined, {
        messageKey: 'integrity.usersRow',
        params: { user: u.username },
      });
    const status = c.body.status === 'disabled' ? 'disabled' : 'active';
    if (c.body.role !== u.role || status !== u.status || c.body.username !== u.username) {
      throw integrityError(
        `The users row of "${u.username}" does not match their certificate (role ${c.body.role}, ${status}): it was edited.`,
        undefined,
        { messageKey: 'integrity.usersRow', params: { user: u.username } },
      );
    }
  }
}

const grantStatementSchema = z.strictObject({ body: z.unknown(), signature: z.string() });

function parseStatement(raw: string | null, what: string): { body: unknown; signature: string } {
  if (raw === null) throw integrityError(`${what} has no signed statement: it was added outside LedgerVault.`);
  try {
    const parsed = grantStatementSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: unreadable is the same finding as malformed
  }
  throw integrityError(`${what} has an unreadable statement: it was edited.`);
}

/**
 * Every `client_grants` row must carry a grant statement signed by an admin, or by a manager
 * for an accountant, that says exactly what the row says; every `user_permissions` row likewise
 * a permission statement signed by an admin. A row added or edited by hand is named.
 */
export function checkGrantStatements(orm: Orm, trust: Trust, vaultId: string): void {
  for (const g of orm.select().from(clientGrants).all()) {
    const grantee = trust.of(g.userId);
    const user = grantee?.body.username ?? g.userId;
    try {
      checkGrant(g, trust, vaultId, `The grant of client #${g.clientId} to "${user}"`);
    } catch (err) {
      throw named(err, 'integrity.grant', { client: g.clientId, user });
    }
  }
  for (const p of orm.select().from(userPermissions).all()) {
    const user = trust.of(p.userId)?.body.username ?? p.userId;
    try {
      checkPermission(p, trust, vaultId, `The permission ${p.permission} of "${user}"`);
    } catch (err) {
      throw named(err, 'integrity.permission', { permission: p.permission, user });
    }
  }
}

function checkGrant(g: typeof clientGrants.$inferSelect, trust: Trust, vaultId: string, what: string): void {
  const signed = parseStatement(g.statement, what);
  const issuer = trust.of(g.grantedBy);
  if (!issuer) throw integrityError(`${what} names an issuer without a certificate.`);
  const body = verifyGrant(signed as SignedGrant, { userId: issuer.body.userId, ed25519: issuer.keys.ed25519 });
  // Only admins and managers hold every client's key, so only they can give one; which staff a
  // manager may grant to is the app's rule (access/grants.ts), which the cryptography cannot add to.
  const issuerMay =
    (issuer.body.role === 'admin' || issuer.body.role === 'manager') && issuer.body.status !== 'disabled';
  const matches =
    body.vaultId === vaultId &&
    body.clientId === String(g.clientId) &&
    body.granteeUserId === g.userId &&
    body.canWrite === g.canWrite;
  if (!issuerMay || !matches) throw integrityError(`${what} does not match its signed statement: it was edited.`);
}

function checkPermission(p: typeof userPermissions.$inferSelect, trust: Trust, vaultId: string, what: string): void {
  const signed = parseStatement(p.statement, what);
  const issuer = trust.of(p.grantedBy);
  if (!issuer || issuer.body.role !== 'admin' || issuer.body.status === 'disabled')
    throw integrityError(`${what} is not signed by an active admin.`);
  const body = verifyPermission(signed, issuer.keys.ed25519, what);
  if (body.vaultId !== vaultId || body.userId !== p.userId || body.permission !== p.permission)
    throw integrityError(`${what} does not match its signed statement: it was edited.`);
}

/** Stores a newly issued certificate; the next loadTrust checks it like every other. */
export function insertCertificate(orm: Orm, cert: UserCertificate): void {
  orm
    .insert(userCertificates)
    .values({ userId: cert.body.userId, certificate: JSON.stringify(cert) })
    .run();
}
