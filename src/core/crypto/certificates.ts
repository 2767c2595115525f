/**
 * User certificates (security model v2): a staff member's public keys, role and status, signed
 * by an admin (the first admin signs its own). Role and disabled state are read from here, not
 * from the editable `users` row, so editing the database grants nothing: any changed byte fails
 * the signature, and the next unlock reports E_INTEGRITY naming the certificate.
 */
import { z } from 'zod';
import { integrityError } from '../errors';
import { identityFingerprint, type PublicIdentity } from './identity';
import { constantTimeEqual, sha256 } from './primitives';
import { canonicalJson } from './canonical-json';
import { requireStatementSignature, signStatement } from './signed-statement';

export const CERTIFICATE_FORMAT = 'ledgervault-user-certificate';
const KIND = 'user certificate';

const b64Key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a 32-byte key in base64');
const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');

/**
 * `temporary`: the identity an admin makes with a new account's temporary password, which only
 * certifies its owner's own keys at first sign-in (issue 11 item 5). `previous`: the hash of the
 * certificate this one replaces, so a chain of re-issues (role change, disable) can be followed.
 */
export const certificateBodySchema = z
  .object({
    format: z.literal(CERTIFICATE_FORMAT),
    version: z.literal(1),
    vaultId: z.string().min(1),
    userId: z.string().min(1),
    username: z.string().min(1),
    role: z.enum(['admin', 'manager', 'accountant', 'auditor']),
    status: z.enum(['active', 'disabled', 'temporary']),
    x25519: b64Key,
    ed25519: b64Key,
    issuedAt: z.string().min(1),
    issuerUserId: z.string().min(1),
    issuerFingerprint: hex32,
    previous: hex32.optional(),
  })
  .strict();

export type CertificateBody = z.infer<typeof certificateBodySchema>;

export interface UserCertificate {
  body: CertificateBody;
  /** Ed25519 signature, base64, over statementBytes('user certificate', body). */
  signature: string;
}

/** The certified public keys as raw bytes. */
export function certifiedKeys(body: CertificateBody): PublicIdentity {
  return { x25519: Buffer.from(body.x25519, 'base64'), ed25519: Buffer.from(body.ed25519, 'base64') };
}

/** Hex fingerprint of the certified keys: what the recovery kit prints and issuers are named by. */
export function certificateFingerprint(body: CertificateBody): string {
  return identityFingerprint(certifiedKeys(body)).toString('hex');
}

/** SHA-256 of the whole signed certificate: what a successor's `previous` names. */
export function certificateHash(cert: UserCertificate): string {
  return sha256(Buffer.from(canonicalJson(cert), 'utf8')).toString('hex');
}

/** Fields a caller fills in; format, version and key encodings are set here. */
export interface CertificateFields {
  vaultId: string;
  userId: string;
  username: string;
  role: CertificateBody['role'];
  status: CertificateBody['status'];
  keys: PublicIdentity;
  issuedAt: string;
  previous?: string;
}

export function certificateBody(fields: CertificateFields, issuerUserId: string, issuerKeys: PublicIdentity) {
  const { keys, ...rest } = fields;
  return certificateBodySchema.parse({
    format: CERTIFICATE_FORMAT,
    version: 1,
    ...rest,
    x25519: keys.x25519.toString('base64'),
    ed25519: keys.ed25519.toString('base64'),
    issuerUserId,
    issuerFingerprint: identityFingerprint(issuerKeys).toString('hex'),
  });
}

/** Signs `fields` as issuer; pass the issuer's own public keys and raw Ed25519 private key. */
export function issueCertificate(
  fields: CertificateFields,
  issuer: { userId: string; keys: PublicIdentity; ed25519Private: Uint8Array },
): UserCertificate {
  const body = certificateBody(fields, issuer.userId, issuer.keys);
  return { body, signature: signStatement(KIND, body, issuer.ed25519Private).toString('base64') };
}

/** The first admin's certificate: issuer is the subject, signed with the subject's own key. */
export function issueSelfSignedCertificate(fields: CertificateFields, ed25519Private: Uint8Array): UserCertificate {
  return issueCertificate(fields, { userId: fields.userId, keys: fields.keys, ed25519Private });
}

/**
 * Checks shape and signature against the issuer's public keys (a certificate the caller already
 * trusts), including that the certificate names that issuer. Returns the body; E_INTEGRITY else.
 */
export function verifyCertificate(
  cert: UserCertificate,
  issuer: { userId: string; keys: PublicIdentity },
): CertificateBody {
  const parsed = certificateBodySchema.safeParse(cert.body);
  const what = `The user certificate of ${describe(cert)}`;
  if (!parsed.success) throw integrityError(`${what} is malformed.`);
  const body = parsed.data;
  const expected = Buffer.from(identityFingerprint(issuer.keys).toString('hex'), 'utf8');
  if (body.issuerUserId !== issuer.userId || !constantTimeEqual(Buffer.from(body.issuerFingerprint, 'utf8'), expected))
    throw integrityError(`${what} names a different issuer.`);
  requireStatementSignature(KIND, body, Buffer.from(cert.signature, 'base64'), issuer.keys.ed25519, what);
  return body;
}

/** The first admin's certificate, checked against its own keys (which the recovery kit pins). */
export function verifySelfSignedCertificate(cert: UserCertificate, pinnedFingerprint?: string): CertificateBody {
  const parsed = certificateBodySchema.safeParse(cert.body);
  if (!parsed.success) throw integrityError(`The user certificate of ${describe(cert)} is malformed.`);
  const body = verifyCertificate(cert, { userId: parsed.data.userId, keys: certifiedKeys(parsed.data) });
  if (body.role !== 'admin')
    throw integrityError(`The self-signed certificate of ${describe(cert)} is not an admin's.`);
  if (pinnedFingerprint !== undefined && certificateFingerprint(body) !== pinnedFingerprint)
    throw integrityError(`The self-signed certificate of ${describe(cert)} does not match the recovery kit.`);
  return body;
}

/**
 * A staff member's own certificate at first sign-in (issue 11 item 5): signed by their temporary
 * identity, which an active admin certified. Returns the staff certificate's body; E_INTEGRITY
 * unless every link holds and the person gave themselves nothing the admin did not.
 */
export function verifyCertificateChain(
  cert: UserCertificate,
  temporary: UserCertificate,
  admin: { body: CertificateBody },
): CertificateBody {
  const what = `The certificate chain of ${describe(cert)}`;
  if (admin.body.role !== 'admin' || admin.body.status !== 'active')
    throw integrityError(`${what} is issued by someone who is not an active admin.`);
  const temp = verifyCertificate(temporary, { userId: admin.body.userId, keys: certifiedKeys(admin.body) });
  if (temp.status !== 'temporary') throw integrityError(`${what} does not start at a temporary identity.`);
  const body = verifyCertificate(cert, { userId: temp.userId, keys: certifiedKeys(temp) });
  const sameSubject =
    body.userId === temp.userId &&
    body.vaultId === temp.vaultId &&
    temp.vaultId === admin.body.vaultId &&
    body.username === temp.username &&
    body.role === temp.role;
  if (!sameSubject) throw integrityError(`${what} changes the account, vault or role the admin certified.`);
  if (body.status !== 'active' || body.previous !== certificateHash(temporary))
    throw integrityError(`${what} does not follow its temporary certificate.`);
  return body;
}

/** Names a certificate in an error without trusting more of it than a string. */
function describe(cert: UserCertificate): string {
  const body = cert.body as Partial<CertificateBody> | undefined;
  return typeof body?.username === 'string' ? `"${body.username}"` : 'an unnamed user';
}
