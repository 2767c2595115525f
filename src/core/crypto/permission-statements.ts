/**
 * Signed permission statements: a permission given to one user beyond their role (for example
 * records.reveal to an accountant), signed by the admin who gave it, like a grant
 * (grant-statements.ts). A `user_permissions` row without a valid one gives nothing.
 */
import { z } from 'zod';
import { integrityError } from '../errors';
import { requireStatementSignature, signStatement } from './signed-statement';

const KIND = 'permission';

export const permissionBodySchema = z.strictObject({
  format: z.literal('ledgervault-permission'),
  version: z.literal(1),
  vaultId: z.string().min(1),
  userId: z.string().min(1),
  permission: z.string().min(1),
  issuedAt: z.string().min(1),
  issuerUserId: z.string().min(1),
});

export type PermissionBody = z.infer<typeof permissionBodySchema>;

export function signPermission(
  fields: Omit<PermissionBody, 'format' | 'version'>,
  issuerEd25519Private: Uint8Array,
): { body: PermissionBody; signature: string } {
  const body = permissionBodySchema.parse({ format: 'ledgervault-permission', version: 1, ...fields });
  return { body, signature: signStatement(KIND, body, issuerEd25519Private).toString('base64') };
}

export function verifyPermission(
  signed: { body: unknown; signature: string },
  issuerEd25519: Uint8Array,
  what: string,
): PermissionBody {
  const parsed = permissionBodySchema.safeParse(signed.body);
  if (!parsed.success) throw integrityError(`${what} has a malformed statement: it was edited.`);
  requireStatementSignature(KIND, parsed.data, Buffer.from(signed.signature, 'base64'), issuerEd25519, what);
  return parsed.data;
}
