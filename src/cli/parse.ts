/**
 * Parse tables: each command declares its flags, their types and which are required, and gets
 * exactly those. A flag the command does not take, one given twice, a missing value or an id
 * that is not a safe integer is E_INPUT naming the flag, before anything signs in or is read.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { LedgerVaultError } from '../core/errors';
import { id as idSchema } from '../shared/schema-kit';

type Raw = string | true | undefined;

export interface Flag<T> {
  readonly kind: 'string' | 'boolean';
  /** The placeholder in usage lines (DIR, ID, csv|xlsx); empty for a switch. */
  readonly arg: string;
  readonly mandatory: boolean;
  read(raw: Raw, name: string): T;
}

export type Flags = Record<string, Flag<unknown>>;
export type ValuesOf<F extends Flags> = { [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

export function inputError(message: string): LedgerVaultError {
  return new LedgerVaultError('E_INPUT', message);
}

/** A flag with a value; optional unless `.required()`. */
export function valueFlag<T>(
  arg: string,
  convert: (raw: string, name: string) => T,
): Flag<T | undefined> & { required(): Flag<T> } {
  const read = (raw: Raw, name: string) => {
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string' || raw.trim() === '') throw inputError(`--${name} needs a value (${arg}).`);
    return convert(raw, name);
  };
  return {
    kind: 'string',
    arg,
    mandatory: false,
    read,
    required: () => ({
      kind: 'string',
      arg,
      mandatory: true,
      read: (raw: Raw, name: string) => {
        const value = read(raw, name);
        if (value === undefined) throw inputError(`--${name} is required.`);
        return value;
      },
    }),
  };
}

/** A whole number checked against a shared schema (never 1e+23 for twenty-three digits). */
function wholeNumber(schema: z.ZodType<number>, what: string) {
  return (raw: string, name: string): number => {
    const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    if (!schema.safeParse(n).success) throw inputError(`--${name} takes ${what}, not "${raw}".`);
    return n;
  };
}

const wholeSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const flag = {
  text: (arg = 'TEXT') => valueFlag(arg, (raw) => raw),
  /** A switch: present or not. */
  bool: (): Flag<boolean> => ({ kind: 'boolean', arg: '', mandatory: false, read: (raw) => raw === true }),
  /** A database id: a positive safe integer, as the IPC contract defines it. */
  id: (arg = 'ID') =>
    valueFlag(arg, wholeNumber(idSchema, `an id (a whole number from 1 to ${Number.MAX_SAFE_INTEGER})`)),
  /** A whole number from 0 (a page size, an offset, a sequence number); its range is the contract's. */
  whole: (arg = 'N') => valueFlag(arg, wholeNumber(wholeSchema, `a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`)),
  oneOf: <T extends string>(values: readonly T[]) =>
    valueFlag(values.join('|'), (raw, name) => {
      if (!(values as readonly string[]).includes(raw))
        throw inputError(`--${name} is one of ${values.join(', ')}, not "${raw}".`);
      return raw as T;
    }),
};

export interface CommandSpec<F extends Flags> {
  /** One line for --help. */
  summary: string;
  flags: F;
  /** The name of the one file argument a command takes (`audit verify-export FILE`). */
  positional?: string;
  /** Combinations of flags that a table cannot say (--reason only with --reveal); runs before sign-in. */
  check?: (values: ValuesOf<F>) => void;
  run: (values: ValuesOf<F>, positional: string | undefined) => Promise<number>;
}

export interface Command {
  summary: string;
  flags: Flags;
  positional?: string;
  parse(args: string[], commandName: string): { values: Record<string, unknown>; positional?: string };
  run(values: Record<string, unknown>, positional: string | undefined): Promise<number>;
}

export function defineCommand<F extends Flags>(spec: CommandSpec<F>): Command {
  return {
    summary: spec.summary,
    flags: spec.flags,
    positional: spec.positional,
    parse: (args, commandName) => {
      const parsed = parseFlags(spec.flags, args, commandName, spec.positional);
      const values = parsed.values as ValuesOf<F>;
      spec.check?.(values);
      return parsed;
    },
    run: (values, positional) => spec.run(values as ValuesOf<F>, positional),
  };
}

function parseFlags(
  flags: Flags,
  args: string[],
  commandName: string,
  positionalName: string | undefined,
): { values: Record<string, unknown>; positional?: string } {
  const options = Object.fromEntries(Object.entries(flags).map(([name, f]) => [name, { type: f.kind }]));
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const raw: Record<string, Raw> = {};
  const positionals: string[] = [];
  const takes = () =>
    Object.keys(flags)
      .map((n) => `--${n}`)
      .join(' ');
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    const spec = Object.hasOwn(flags, t.name) ? flags[t.name] : undefined;
    if (!spec)
      throw inputError(`${t.rawName} is not an option of "ledgervault ${commandName}", which takes ${takes()}.`);
    if (Object.hasOwn(raw, t.name)) throw inputError(`${t.rawName} is given twice.`);
    if (spec.kind === 'boolean') {
      if (t.value !== undefined) throw inputError(`${t.rawName} is a switch and takes no value.`);
      raw[t.name] = true;
    } else {
      // `--amount --json`: the next flag is not a value (a value may still be given as --memo=--x).
      if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--')))
        throw inputError(`${t.rawName} needs a value (${spec.arg}).`);
      raw[t.name] = t.value;
    }
  }
  if (positionals.length > (positionalName ? 1 : 0)) {
    const extra = positionals[positionalName ? 1 : 0]!;
    throw inputError(`Unexpected argument "${extra}" for "ledgervault ${commandName}".`);
  }
  if (positionalName && positionals.length === 0) throw inputError(`${positionalName} is required.`);
  const values: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(flags)) values[name] = f.read(raw[name], name);
  return { values, positional: positionals[0] };
}

/** `--vault DIR --user NAME [--totp CODE] [--json]`, from a command's table. */
export function usageOf(command: Command): string {
  const parts = Object.entries(command.flags).map(([name, f]) => {
    const text = f.kind === 'boolean' ? `--${name}` : `--${name} ${f.arg}`;
    return f.mandatory ? text : `[${text}]`;
  });
  return [...(command.positional ? [command.positional] : []), ...parts].join(' ');
}

/**
 * The first problem a shared contract schema finds with what the flags built, named by its flag:
 * the CLI keeps the limits the app's forms and IPC keep (one definition of each).
 */
export function checkWith<T>(schema: z.ZodType<T>, value: unknown, flagOf: Record<string, string> = {}): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  throw inputError(`--${flagOf[field] ?? field}: ${issue.message}`);
}
