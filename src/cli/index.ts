/**
 * `ledgervault`: the command-line front end. Plain Node over the same core as the app, with the
 * same checks and audit; secrets come from stdin or environment variables, never from flags.
 */
import { parseArgs } from 'node:util';
import { LedgerVaultError } from '../core/errors';
import { doctorCommand, initCommand, recoverCommand, type CommandArgs } from './commands';
import { reportError } from './output';

const USAGE = `Usage: ledgervault <command> [options]

Commands:
  init     --vault DIR --admin NAME [--json] [--password-stdin]
           Create a vault and its first admin (password from LEDGERVAULT_NEW_PASSWORD or stdin).
           Prints the recovery key once.
  doctor   --vault DIR --user NAME [--json] [--password-stdin]
           Sign in and check the keychain, keys file, database and audit chain; exit 0 only if all hold.
  recover  --vault DIR --admin NAME [--json] [--recovery-key-stdin]
           Open the vault with its recovery key (LEDGERVAULT_RECOVERY_KEY or stdin) on a workstation whose
           keychain lacks the device secret, and set the admin's new password (LEDGERVAULT_NEW_PASSWORD).

Passwords: --password-stdin, else LEDGERVAULT_PASSWORD. Errors: one line on stderr starting with E_...
`;

const COMMANDS: Record<string, (args: CommandArgs) => Promise<number>> = {
  init: initCommand,
  doctor: doctorCommand,
  recover: recoverCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  try {
    const run = COMMANDS[command];
    if (!run) throw new LedgerVaultError('E_INPUT', `Unknown command "${command}". Run ledgervault --help.`);
    let values: CommandArgs['values'];
    try {
      ({ values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          vault: { type: 'string' },
          admin: { type: 'string' },
          user: { type: 'string' },
          json: { type: 'boolean' },
          'password-stdin': { type: 'boolean' },
          'recovery-key-stdin': { type: 'boolean' },
        },
      }));
    } catch (err) {
      throw new LedgerVaultError('E_INPUT', err instanceof Error ? err.message : String(err));
    }
    return await run({ values });
  } catch (err) {
    return reportError(err);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportError(err);
  },
);
