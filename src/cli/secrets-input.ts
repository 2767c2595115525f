import { LedgerVaultError } from '../core/errors';

/** Reads all of stdin (for --password-stdin / --recovery-key-stdin): one line, newline trimmed. */
export async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.replace(/\r?\n$/, '');
}

/**
 * Secrets never come as flag values (they would show in `ps` and shell history): stdin when the
 * flag says so, else the named environment variable.
 */
export async function secretFrom(opts: { stdin: boolean; env: string; what: string }): Promise<string> {
  const value = opts.stdin ? await readStdinLine() : process.env[opts.env];
  if (!value) {
    throw new LedgerVaultError(
      'E_INPUT',
      `${opts.what} is required: pipe it with --${opts.what.includes('recovery') ? 'recovery-key' : 'password'}-stdin or set ${opts.env}.`,
    );
  }
  return value;
}
