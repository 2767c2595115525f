import { LedgerVaultError } from '../core/errors';
import { OsKeyStore, unlockVault, type VaultSession } from '../core/index';
import { cliLocale } from './output';
import { announceUpgrade } from './recovery-kit';
import { defineCommand, flag, type Command, type Flags, type ValuesOf } from './parse';
import { secretFrom } from './secrets-input';

/** `--json`: every command can print its result as JSON instead of text. */
export const JSON_FLAG = { json: flag.bool() };

/**
 * How every command that signs in signs in, the same flags for each (doctor included): the
 * password from stdin or LEDGERVAULT_PASSWORD, never from a flag; --totp where enrolled.
 */
export const SIGN_IN = {
  vault: flag.text('DIR').required(),
  user: flag.text('NAME').required(),
  'password-stdin': flag.bool(),
  totp: flag.text('CODE'),
};

export interface SignIn {
  dir: string;
  username: string;
  password: string;
  totp: string | undefined;
}

/** The sign-in a command's flags describe, with the password read from stdin or the environment. */
export async function signInFrom(values: ValuesOf<typeof SIGN_IN>): Promise<SignIn> {
  return {
    dir: values.vault,
    username: values.user,
    password: await secretFrom({
      stdin: values['password-stdin'],
      env: 'LEDGERVAULT_PASSWORD',
      what: 'password',
    }),
    totp: values.totp,
  };
}

type SignedInValues<F extends Flags> = ValuesOf<F & typeof SIGN_IN & typeof JSON_FLAG>;

/**
 * A command that signs in exactly as the app does, runs, and locks again whatever happens. Its
 * table is its own flags plus SIGN_IN and --json.
 */
export function signedInCommand<F extends Flags>(spec: {
  summary: string;
  flags: F;
  /** The name of the one file argument it takes (`import FILE`), read by run's fourth parameter. */
  positional?: string;
  check?: (values: SignedInValues<F>) => void;
  run: (
    values: SignedInValues<F>,
    session: VaultSession,
    signIn: SignIn,
    positional: string | undefined,
  ) => Promise<number> | number;
  /** An admin's acceptance of a vault folder older than the keychain's audit anchor (audit accept-rollback). */
  acceptRollback?: boolean;
}): Command {
  return defineCommand({
    summary: spec.summary,
    flags: { ...SIGN_IN, ...spec.flags, ...JSON_FLAG } as F & typeof SIGN_IN & typeof JSON_FLAG,
    positional: spec.positional,
    check: spec.check,
    run: async (values, positional) => {
      const signIn = await signInFrom(values);
      const session = await unlockVault({
        ...signIn,
        keyStore: new OsKeyStore(),
        ...(spec.acceptRollback ? { acceptRollback: true } : {}),
      });
      try {
        // The sign-in that upgraded a version-1 vault: its report goes out before the command
        // runs, so that a failing command cannot swallow the only copy of the new recovery key.
        const upgrade = session.upgradeReport;
        session.upgradeReport = null;
        if (upgrade) announceUpgrade(upgrade, cliLocale());
        return await spec.run(values, session, signIn, positional);
      } finally {
        // The command's session is sealed at lock; its seal goes to the keychain before we exit.
        session.lock();
        await session.anchorsWritten();
      }
    },
  });
}

export function newPassword(): string {
  const value = process.env.LEDGERVAULT_NEW_PASSWORD;
  if (!value) throw new LedgerVaultError('E_INPUT', 'Set the new password in LEDGERVAULT_NEW_PASSWORD.');
  return value;
}
