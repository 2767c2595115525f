/**
 * `ledgervault`: the command-line front end. Plain Node over the same core as the app, with the
 * same checks and audit; secrets come from stdin or environment variables, never from flags.
 */
import { parseArgs } from 'node:util';
import { LedgerVaultError } from '../core/errors';
import { doctorCommand, initCommand, recoverCommand, type CommandArgs } from './commands';
import { reportError } from './output';
import { clientCommands, grantCommand, mfaCommands, revokeCommand, userCommands } from './access-commands';
import { auditCommands, verifyExportCommand } from './audit-commands';
import { recordCommands } from './record-commands';
import type { Values } from './session';

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

Staff and access (sign in with --user NAME, password as above, --totp CODE where enrolled):
  user add       --vault DIR --user ADMIN --username U --role admin|manager|accountant|auditor [--display-name N]
                 (temporary password from LEDGERVAULT_NEW_PASSWORD; changed at first sign-in)
  user disable | user unlock | user reset-password   --vault DIR --user ADMIN --username U
  user passwd    --vault DIR --user U              (new password from LEDGERVAULT_NEW_PASSWORD)
  user list      --vault DIR --user ADMIN [--json]
  grant          --vault DIR --user ADMIN --username U --client ID [--write]
  revoke         --vault DIR --user ADMIN --username U --client ID
  mfa enroll     --vault DIR --user U [--json]     (prints {secret, otpauthUrl, recoveryCodes})
  mfa confirm    --vault DIR --user U --code C
  client add     --vault DIR --user U --name N [--uscc CODE]   (prints the id)
  client list    --vault DIR --user U [--json]

Payment records (amounts like 1,234.56 or ¥1234.5; dates 2024-03-01 or 2024-03-01 14:05, Asia/Shanghai):
  record add     --vault DIR --user U --client ID --date D --amount A --direction in|out [--counterparty X]
                 [--account-no N] [--ref R] [--memo M] [--allow-duplicate]   (prints the id)
  record list    --vault DIR --user U --client ID [--from D] [--to D] [--direction in|out] [--text T]
                 [--min-amount A] [--max-amount A] [--json] [--reveal --reason TEXT]
  record export  --vault DIR --user U --client ID --format csv|xlsx --out FILE [filters] [--reveal --reason TEXT]
                 (account numbers masked unless revealed; every list, reveal and export is audited)

Audit log:
  audit list     --vault DIR --user U [--client ID] [--action A] [--since T] [--json]
  audit verify   --vault DIR --user U [--json]     (recomputes the whole chain; exit 0 only when intact)
  audit export   --vault DIR --user U --format csv|jsonl --out FILE [--from-seq N] [--to-seq M]
  audit verify-export FILE [--key FINGERPRINT] [--json]   (offline check of a signed JSON-lines export)

Passwords: --password-stdin, else LEDGERVAULT_PASSWORD. Errors: one line on stderr starting with E_...
`;

const GROUPS: Record<string, Record<string, (values: Values) => Promise<number>>> = {
  user: userCommands,
  mfa: mfaCommands,
  client: clientCommands,
  audit: auditCommands,
  record: recordCommands,
};

const COMMANDS: Record<string, (args: CommandArgs) => Promise<number>> = {
  init: initCommand,
  doctor: doctorCommand,
  recover: recoverCommand,
  grant: ({ values }) => grantCommand(values),
  revoke: ({ values }) => revokeCommand(values),
  'audit verify-export': ({ values, positionals }) => verifyExportCommand(positionals?.[0], values),
};

/** The one command that takes a file name rather than only --options. */
const TAKES_POSITIONALS = new Set(['audit verify-export']);

export async function main(argv: string[]): Promise<number> {
  const rest = argv.slice(1);
  let command = argv[0];
  const group = command ? GROUPS[command] : undefined;
  if (group && rest[0] && !rest[0].startsWith('-')) {
    // `user add`, `mfa enroll`, ...: the group and its sub-command name one command.
    const sub = rest.shift()!;
    const run = group[sub];
    command = `${command} ${sub}`;
    if (run && !COMMANDS[command]) COMMANDS[command] = ({ values }) => run(values);
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  try {
    const run = COMMANDS[command];
    if (!run) throw new LedgerVaultError('E_INPUT', `Unknown command "${command}". Run ledgervault --help.`);
    let values: CommandArgs['values'];
    let positionals: string[] = [];
    try {
      ({ values, positionals } = parseArgs({
        args: rest,
        strict: true,
        allowPositionals: TAKES_POSITIONALS.has(command),
        options: {
          vault: { type: 'string' },
          admin: { type: 'string' },
          user: { type: 'string' },
          json: { type: 'boolean' },
          'password-stdin': { type: 'boolean' },
          'recovery-key-stdin': { type: 'boolean' },
          totp: { type: 'string' },
          username: { type: 'string' },
          role: { type: 'string' },
          'display-name': { type: 'string' },
          client: { type: 'string' },
          write: { type: 'boolean' },
          code: { type: 'string' },
          name: { type: 'string' },
          uscc: { type: 'string' },
          action: { type: 'string' },
          since: { type: 'string' },
          format: { type: 'string' },
          out: { type: 'string' },
          'from-seq': { type: 'string' },
          'to-seq': { type: 'string' },
          key: { type: 'string' },
          date: { type: 'string' },
          amount: { type: 'string' },
          direction: { type: 'string' },
          counterparty: { type: 'string' },
          'account-no': { type: 'string' },
          ref: { type: 'string' },
          memo: { type: 'string' },
          'allow-duplicate': { type: 'boolean' },
          from: { type: 'string' },
          to: { type: 'string' },
          text: { type: 'string' },
          'min-amount': { type: 'string' },
          'max-amount': { type: 'string' },
          reveal: { type: 'boolean' },
          reason: { type: 'string' },
        },
      }));
    } catch (err) {
      throw new LedgerVaultError('E_INPUT', err instanceof Error ? err.message : String(err));
    }
    return await run({ values, positionals });
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
