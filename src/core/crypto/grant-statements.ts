/**
 * Signed grant statements (security model v2, "Client keys"): who may read a client, and whether
 * they may write, signed by the admin or manager who gave it. Together with that person's client
 * key wrap (client-keys.ts) it is the grant; a `client_grants` row edited by hand carries no
 * valid signature and gives nothing.
 */
import { z } from 'zod';
import { integrityError } from '../errors';
import { requireStatementSignature, signStatement } from './signed-statement';

export const GRANT_FORMAT = 'ledgervault-grant';
const KIND = 'grant';

export const grantBodySchema = z
  .object({
    format: z.literal(GRANT_FORMAT),
    version: z.literal(1),
    vaultId: z.string().min(1),
    clientId: z.string().min(1),
    granteeUserId: z.string().min(1),
    canWrite: z.boolean(),
    issuedAt: z.string().min(1),
    issuerUserId: z.string().min(1),
  })
  .strict();

export type GrantBody = z.infer<typeof grantBodySchema>;
export type GrantFields = Omit<GrantBody, 'format' | 'version'>;

export interface SignedGrant {
  body: GrantBody;
  /** Ed25519 signature, base64, by the issuer's signing key. */
  signature: string;
}

/** Signs a grant with the issuer's raw Ed25519 private key (the caller wipes it later). */
export function signGrant(fields: GrantFields, issuerEd25519Private: Uint8Array): SignedGrant {
  const body = grantBodySchema.parse({ format: GRANT_FORMAT, version: 1, ...fields });
  return { body, signature: signStatement(KIND, body, issuerEd25519Private).toString('base64') };
}

/**
 * Verifies against the public key of the issuer's certificate (which the caller has verified and
 * found to be an active admin or manager). Returns the body; E_INTEGRITY naming the grant if not.
 */
export function verifyGrant(grant: SignedGrant, issuer: { userId: string; ed25519: Uint8Array }): GrantBody {
  const what = `The grant of client ${String(grant.body?.clientId)} to ${String(grant.body?.granteeUserId)}`;
  const parsed = grantBodySchema.safeParse(grant.body);
  if (!parsed.success) throw integrityError(`${what} is malformed.`);
  if (parsed.data.issuerUserId !== issuer.userId) throw integrityError(`${what} names a different issuer.`);
  requireStatementSignature(KIND, parsed.data, Buffer.from(grant.signature, 'base64'), issuer.ed25519, what);
  return parsed.data;
}
