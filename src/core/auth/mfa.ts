import { and, eq, isNull } from 'drizzle-orm';
import QRCode from 'qrcode';
import { randomBytes } from 'node:crypto';
import { mfaRecoveryCodes, users } from '../db/schema';
import { sha256 } from '../crypto/primitives';
import { inputError } from '../errors';
import type { Orm } from '../vault/database';
import type { VaultSession } from '../vault/session';
import { generateTotpSecret, matchTotp, otpauthUrl } from '../crypto/totp';
import { openMfaSecret, sealMfaSecret, sessionOwner } from '../crypto/mfa-secret';

export interface MfaEnrolment {
  secret: string;
  otpauthUrl: string;
  /** An SVG QR code of otpauthUrl as a data: URL (the renderer's CSP allows data: images). */
  qrDataUrl: string;
  /** Shown once; each signs in once in place of a code. Only their hashes are kept. */
  recoveryCodes: string[];
}

const RECOVERY_CODE_COUNT = 10;

/** What waits in users.mfa_pending_secret until the first code confirms enrolment. */
interface PendingEnrolment {
  secret: string;
  codeHashes: string[];
}

function recoveryCode(): string {
  // 10 characters of base32: 50 random bits, typed as XXXXX-XXXXX.
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function hashCode(code: string): string {
  return sha256(Buffer.from(code.toUpperCase().replace(/[^A-Z0-9]/g, ''))).toString('hex');
}

/** Starts (or restarts) enrolment for the signed-in user: a new secret waits for a first code. */
export async function beginMfaEnrolment(session: VaultSession): Promise<MfaEnrolment> {
  const secret = generateTotpSecret();
  const url = otpauthUrl(secret, session.user.username);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
  const now = new Date().toISOString();
  // Nothing in force changes until the first code confirms: an abandoned re-enrolment leaves
  // the old secret and the old recovery codes working.
  const pending: PendingEnrolment = { secret, codeHashes: codes.map(hashCode) };
  session.write((ctx) => {
    ctx.orm
      .update(users)
      .set({
        mfaPendingSecretEnc: sealMfaSecret(sessionOwner(session), 'mfa_pending_secret', JSON.stringify(pending)),
        updatedAt: now,
      })
      .where(eq(users.id, session.user.id))
      .run();
    ctx.audit({ action: 'mfa.enrol.begin', targetType: 'user', targetId: session.user.id });
  });
  return { secret, otpauthUrl: url, qrDataUrl: await qrDataUrl(url), recoveryCodes: codes };
}

async function qrDataUrl(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * The signed-in user's enrolment still waiting for its first code, shown again (after a reload
 * or a restart of the app) instead of a new secret the authenticator app does not know. The
 * recovery codes exist only as hashes by now: they were shown once, when it began. Audited,
 * since it shows the secret again.
 */
export async function pendingMfaEnrolment(session: VaultSession): Promise<MfaEnrolment | null> {
  const user = session.orm.select().from(users).where(eq(users.id, session.user.id)).get();
  if (!user?.mfaPendingSecretEnc) return null;
  const pending = JSON.parse(
    openMfaSecret(sessionOwner(session), 'mfa_pending_secret', user.mfaPendingSecretEnc),
  ) as PendingEnrolment;
  session.write((ctx) => ctx.audit({ action: 'mfa.enrol.resume', targetType: 'user', targetId: session.user.id }));
  const url = otpauthUrl(pending.secret, session.user.username);
  return { secret: pending.secret, otpauthUrl: url, qrDataUrl: await qrDataUrl(url), recoveryCodes: [] };
}

/** Confirms enrolment with a first code from the app; from then on sign-in asks for one. */
export function confirmMfaEnrolment(session: VaultSession, code: string, now = new Date()): void {
  const user = session.orm.select().from(users).where(eq(users.id, session.user.id)).get();
  if (!user?.mfaPendingSecretEnc) throw inputError('mfa.noPending');
  const pending = JSON.parse(
    openMfaSecret(sessionOwner(session), 'mfa_pending_secret', user.mfaPendingSecretEnc),
  ) as PendingEnrolment;
  const step = matchTotp(pending.secret, code.trim(), now);
  if (step === null) throw inputError('mfa.badCode');
  const stamp = now.toISOString();
  session.write((ctx) => {
    ctx.orm
      .update(users)
      .set({
        mfaSecretEnc: sealMfaSecret(sessionOwner(session), 'mfa_secret', pending.secret),
        mfaPendingSecretEnc: null,
        mfaLastStep: step,
        updatedAt: stamp,
      })
      .where(eq(users.id, session.user.id))
      .run();
    ctx.orm
      .delete(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.userId, session.user.id), isNull(mfaRecoveryCodes.usedAt)))
      .run();
    ctx.orm
      .insert(mfaRecoveryCodes)
      .values(pending.codeHashes.map((codeHash) => ({ userId: session.user.id, codeHash, createdAt: stamp })))
      .run();
    ctx.audit({ action: 'mfa.enrol.confirm', targetType: 'user', targetId: session.user.id });
  });
  if (session.restriction === 'mfa-enrol') session.restriction = null;
}

/**
 * Checks a sign-in's second factor: a current TOTP code (each time step once) or an unused
 * recovery code. Runs inside the sign-in's transaction, which records what was used.
 */
export function verifySecondFactor(
  orm: Orm,
  userId: string,
  secret: string,
  given: string,
  now: Date,
): 'totp' | 'recovery' | null {
  const code = given.trim();
  const user = orm.select().from(users).where(eq(users.id, userId)).get();
  const step = matchTotp(secret, code, now);
  if (step !== null && (user?.mfaLastStep ?? -1) < step) {
    orm.update(users).set({ mfaLastStep: step }).where(eq(users.id, userId)).run();
    return 'totp';
  }
  if (/^\d{6}$/.test(code)) return null;
  const match = orm
    .select()
    .from(mfaRecoveryCodes)
    .where(
      and(
        eq(mfaRecoveryCodes.userId, userId),
        eq(mfaRecoveryCodes.codeHash, hashCode(code)),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    )
    .get();
  if (!match) return null;
  orm.update(mfaRecoveryCodes).set({ usedAt: now.toISOString() }).where(eq(mfaRecoveryCodes.id, match.id)).run();
  return 'recovery';
}
