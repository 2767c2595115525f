/**
 * What every fuzz target's checks share, apart from any one target's code (the child process
 * loads this before a target's module, so a target is not tied to another's imports).
 */
import { LedgerVaultError } from '../../src/core/errors';

/** A broken property: the case failed, as opposed to refusing its input as it should. */
export class PropertyError extends Error {
  override name = 'PropertyError';
}

/** What a thrown value was, with the first frame in src/ (a crash's place, for the report). */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return `non-Error thrown: ${String(e).slice(0, 200)}`;
  const code = e instanceof LedgerVaultError ? ` ${e.code}` : '';
  const frame =
    e.stack
      ?.split('\n')
      .find((l) => l.includes('/src/'))
      ?.trim() ?? '';
  return `${e.name}${code}: ${e.message.slice(0, 300)}${frame ? ` (${frame.replace(/^.*\/src\//, 'src/')})` : ''}`;
}
