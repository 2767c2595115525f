import type { z } from 'zod';
import { schemaProblems } from '../shared/input-problems';
import { inputError } from './errors';

/**
 * Parses a core entry point's input with the same zod schema the IPC contract uses, so the CLI,
 * the importer and the window all meet one set of limits. A refusal is E_INPUT naming the first
 * field that is wrong, in words (src/shared/input-problems.ts), never a zod dump.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = schemaProblems(parsed.error, input)[0];
  throw first ? inputError(first.key, first.params) : inputError('input.invalid', { field: '' });
}
