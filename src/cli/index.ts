/**
 * `ledgervault`: the command-line front end. Plain Node over the same core as the app, with the
 * same checks and audit; secrets come from stdin or environment variables, never from flags.
 * Each feature's commands and their parse tables live in src/cli/<feature>.ts.
 */
import { accessCommands } from './access';
import { auditCommands } from './audit';
import { backupCommands } from './backup';
import { mfaCommands } from './auth';
import { clientCommands } from './clients';
import { importBatchCommands, importCommand } from './import';
import { importMappingCommands } from './import-mappings';
import { exitCodeTable, reportError } from './output';
import { inputError, usageOf, type Command } from './parse';
import { recordCommands } from './records';
import { releaseCommands } from './release';
import { postureCommand, reviewCommands } from './posture';
import { peopleCommands } from './people';
import { agreementCommands } from './agreements';
import { incidentCommands } from './incidents';
import { partnerCommands } from './partners';
import { riskCommands } from './risks';
import { retentionCommands } from './retention';
import { reportCommand, reportCommands } from './report';
import { userCommands } from './users';
import { vaultCommands } from './vault';

/** Every command by its full name ("record list"), in the order --help shows them, by section. */
const SECTIONS: [string, Record<string, Command>][] = [
  ['Vault', vaultCommands],
  ['Staff and access', { ...prefixed('user', userCommands), ...accessCommands, ...prefixed('mfa', mfaCommands) }],
  ['Clients', prefixed('client', clientCommands)],
  ['Payment records', prefixed('record', recordCommands)],
  [
    'Import',
    {
      import: importCommand,
      ...prefixed('import', importBatchCommands),
      ...prefixed('import', importMappingCommands),
    },
  ],
  ['Audit log', prefixed('audit', auditCommands)],
  ['Backups', prefixed('backup', backupCommands)],
  [
    'Security and compliance',
    {
      posture: postureCommand,
      ...prefixed('review', reviewCommands),
      ...prefixed('people', peopleCommands),
      ...prefixed('agreement', agreementCommands),
      ...prefixed('incident', incidentCommands),
      ...prefixed('partner', partnerCommands),
      ...prefixed('risk', riskCommands),
      ...prefixed('retention', retentionCommands),
      report: reportCommand,
      ...prefixed('report', reportCommands),
    },
  ],
  ['Releases (publisher side: signed updates)', prefixed('release', releaseCommands)],
];
const COMMANDS: Record<string, Command> = Object.assign({}, ...SECTIONS.map(([, c]) => c)) as Record<string, Command>;

function prefixed(group: string, commands: Record<string, Command>): Record<string, Command> {
  return Object.fromEntries(Object.entries(commands).map(([sub, c]) => [`${group} ${sub}`, c]));
}

/** Wraps a usage line at spaces so that --help stays readable in an 100-column terminal. */
function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function commandHelp(name: string, command: Command): string {
  const indent = ' '.repeat(4);
  return [...wrap(`ledgervault ${name} ${usageOf(command)}`, '  '), ...wrap(command.summary, indent)].join('\n');
}

const SIGN_IN_NOTE = `Commands with --user sign in as the app does: --vault DIR --user NAME, the password from
--password-stdin or else LEDGERVAULT_PASSWORD (never a flag), and --totp CODE (the authenticator's
6-digit code or a recovery code) where two-step verification is on. Amounts like 1,234.56 or
¥1234.5; dates 2024-03-01 or 2024-03-01 14:05 (Asia/Shanghai). Every list, reveal and export is
audited; account numbers are masked unless revealed with --reveal --reason TEXT.`;

function usage(): string {
  const sections = SECTIONS.map(
    ([title, commands]) =>
      `${title}:\n${Object.entries(commands)
        .map(([name, c]) => commandHelp(name, c))
        .join('\n')}`,
  );
  return [
    'Usage: ledgervault <command> [options]     (ledgervault <command> --help: one command)',
    '',
    ...sections.flatMap((s) => [s, '']),
    SIGN_IN_NOTE,
    '',
    'Errors: one line on stderr starting with the code. Exit status:',
    exitCodeTable(),
    '',
  ].join('\n');
}

/** The command an argv names, one word (init) or two (record list), and the arguments after it. */
function resolve(argv: string[]): { name: string; command: Command; args: string[] } {
  const two = argv.slice(0, 2).join(' ');
  if (argv.length >= 2 && Object.hasOwn(COMMANDS, two))
    return { name: two, command: COMMANDS[two]!, args: argv.slice(2) };
  const one = argv[0]!;
  if (Object.hasOwn(COMMANDS, one)) return { name: one, command: COMMANDS[one]!, args: argv.slice(1) };
  const subs = Object.keys(COMMANDS)
    .filter((n) => n.startsWith(`${one} `))
    .map((n) => n.slice(one.length + 1));
  if (subs.length > 0) throw inputError(`"${one}" needs a sub-command: ${subs.join(', ')}. Run ledgervault --help.`);
  throw inputError(`Unknown command "${one}". Run ledgervault --help.`);
}

export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(usage());
    return first ? 0 : 2;
  }
  try {
    const { name, command, args } = resolve(argv);
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(`${commandHelp(name, command)}\n`);
      return 0;
    }
    // The whole table is checked before anything signs in, reads a secret or touches a file.
    const { values, positional } = command.parse(args, name);
    return await command.run(values, positional);
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
