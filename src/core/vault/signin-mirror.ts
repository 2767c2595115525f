/**
 * The sign-in counters and vault.pending, mirrored in the keychain (issue 12, Build 5). Both live
 * in the folder, where an insider once restored an older vault.keys and deleted vault.pending
 * after ten wrong passwords: the lock was gone and so were the failures. The mirror is written
 * after every counted failure and every sign-in, so the next unlock takes the newer of the two
 * counters and moves lines the pending file lost into the chain from the mirror, recording that
 * it had to.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { KeyStore } from '../keystore/keystore';
import type { FailureCounter, KeysFile } from './keys-file';
import type { VaultPaths } from './paths';

/** How many texts of vault.pending the mirror keeps at most (each deletion of the file adds one). */
const MAX_SEGMENTS = 16;

const counterSchema = z.strictObject({
  failures: z.number().int().nonnegative(),
  lastFailureAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
});

const mirrorSchema = z.strictObject({
  format: z.literal('ledgervault-signin-mirror/1'),
  vaultId: z.string(),
  counters: z.record(z.string(), counterSchema),
  /**
   * vault.pending as it stood after the last line appended, newest last; an older text that the
   * file no longer continues (it was deleted or cut) is kept until a sign-in has read it.
   */
  pending: z.array(z.string()).max(MAX_SEGMENTS),
});
export type SigninMirror = z.infer<typeof mirrorSchema>;

/** The mirror, or null when there is none or it is not one (garbage is no reason to refuse every sign-in). */
export async function readSigninMirror(store: KeyStore, vaultId: string): Promise<SigninMirror | null> {
  const raw = await store.getNote(vaultId, 'signin-mirror');
  if (raw === null) return null;
  try {
    const parsed = mirrorSchema.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.vaultId === vaultId ? parsed.data : null;
  } catch {
    return null;
  }
}

export function pendingText(paths: VaultPaths): string {
  return existsSync(paths.pending) ? readFileSync(paths.pending, 'utf8') : '';
}

/**
 * Writes what the folder now says. `previous` (after a failure, before anyone signed in) keeps
 * the texts of vault.pending the file no longer continues; after a sign-in, which has read
 * them, there is none. Best effort for the caller: a keychain that fails here fails the next read too.
 */
export async function writeSigninMirror(
  store: KeyStore,
  vaultId: string,
  keys: KeysFile,
  paths: VaultPaths,
  previous: SigninMirror | null = null,
): Promise<void> {
  const current = pendingText(paths);
  const lost = (previous?.pending ?? []).filter((text) => text.trim() !== '' && !current.startsWith(text));
  const mirror: SigninMirror = {
    format: 'ledgervault-signin-mirror/1',
    vaultId,
    counters: keys.counters,
    pending: [...lost, current].slice(-MAX_SEGMENTS),
  };
  await store.setNote(vaultId, 'signin-mirror', JSON.stringify(mirror));
}

/**
 * The counter that tells more: the higher count (then the later last failure). A keys file put
 * back from before the failures loses to the mirror. Counts go down only when a sign-in or an
 * admin clears them, and both write the mirror too; a mirror that missed such a write makes the
 * next sign-in count from the older, higher figure, which errs on the side of the lock.
 * (Not by time alone: attempts are judged in the order they got the sign-in lock, which need not
 * be the order of their clocks.)
 */
export function newerCounter(
  file: FailureCounter | undefined,
  mirror: FailureCounter | undefined,
): FailureCounter | undefined {
  if (!mirror) return file;
  if (!file) return mirror;
  if (mirror.failures !== file.failures) return mirror.failures > file.failures ? mirror : file;
  const a = Date.parse(file.lastFailureAt ?? '') || 0;
  const b = Date.parse(mirror.lastFailureAt ?? '') || 0;
  return b > a ? mirror : file;
}
