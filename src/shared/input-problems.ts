/**
 * A zod schema's refusal as people read it: the field (by the name FIELD_LABELS gives it) and a
 * message key with its numbers, never the schema's own wording ("too_big", "expected int"). The
 * core throws the first one as E_INPUT; a batch check (the importer) can list them all per row.
 */
import type { z } from 'zod';
import type { InputMessageKey, MessageParams } from './messages';

export interface InputProblem {
  /** The input's own field name ("counterparty"), or "" when the input as a whole is wrong. */
  field: string;
  key: InputMessageKey;
  params: MessageParams;
}

type Issue = z.ZodError['issues'][number];

/** The last named step of a path: ["patch", "memo"] is the memo, ["weekdays", 3] the weekdays. */
function fieldOf(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i -= 1) if (typeof path[i] === 'string') return path[i] as string;
  return '';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value;
}

function numberText(n: unknown): string {
  return typeof n === 'bigint' ? n.toString() : String(n);
}

function problemOf(issue: Issue, input: unknown): InputProblem {
  const field = fieldOf(issue.path);
  const at = (key: InputMessageKey, params: MessageParams = {}): InputProblem => ({
    field,
    key,
    params: { field, ...params },
  });
  switch (issue.code) {
    case 'unrecognized_keys':
      return { field: issue.keys[0] ?? field, key: 'input.unknownField', params: { field: issue.keys[0] ?? field } };
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined) return at('input.required');
      return at(issue.expected === 'int' ? 'input.integer' : 'input.invalid');
    case 'too_big':
      if (issue.origin === 'string') return at('input.tooLong', { max: numberText(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set')
        return at('input.tooMany', { max: numberText(issue.maximum) });
      return at('input.atMost', { max: numberText(issue.maximum) });
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? at('input.required')
          : at('input.tooShort', { min: numberText(issue.minimum) });
      if (issue.origin === 'array' || issue.origin === 'set') return at('input.required');
      return issue.inclusive === false
        ? at('input.greaterThan', { min: numberText(issue.minimum) })
        : at('input.atLeast', { min: numberText(issue.minimum) });
    case 'invalid_value':
      return at('input.choice', { options: issue.values.map(String).join(', ') });
    case 'invalid_format':
      return at('input.format');
    default:
      return at('input.invalid');
  }
}

/**
 * Every problem zod found in `input`, one per field (the first for each), in the order of the
 * schema. `input` is what was parsed, to tell a missing field from a wrong one.
 */
export function schemaProblems(error: z.ZodError, input: unknown): InputProblem[] {
  const seen = new Set<string>();
  const problems: InputProblem[] = [];
  for (const issue of error.issues) {
    const problem = problemOf(issue, input);
    if (seen.has(problem.field)) continue;
    seen.add(problem.field);
    problems.push(problem);
  }
  return problems;
}
