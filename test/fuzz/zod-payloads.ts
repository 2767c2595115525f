/**
 * Payloads for the IPC fuzz target (issue 16 item 3), made from the contract's own zod schemas:
 * `payloadFor(schema, r, 'valid')` walks a channel's input schema and makes a value that mostly
 * passes it (so that cases reach the handlers, not only the validation), 'boundary' makes each
 * field an edge of its range (length min - 1, min, max, max + 1; the number limits and one past
 * them; NaN, -0, 2^53), and `hostile` is what a compromised renderer could send instead: values
 * of another type, prototype keys, deep nesting, huge strings, and what structured clone carries
 * besides JSON (undefined, BigInt, Map, Date, typed arrays).
 */
import type { Rng } from './rng';

/** The parts of a zod 4 schema this walks (zod keeps them on `_zod.def`). */
interface Def {
  type: string;
  checks?: { _zod: { def: Record<string, unknown> } }[];
  shape?: Record<string, Schema>;
  innerType?: Schema;
  element?: Schema;
  options?: Schema[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  in?: Schema;
  valueType?: Schema;
  keyType?: Schema;
  defaultValue?: unknown;
}
export interface Schema {
  _zod: { def: Def };
}

export type Mode = 'valid' | 'boundary';

/** Strings the handlers look for: ids, dates, amounts, user names, roles, hex. */
const WORDS = [
  '1',
  '2',
  '0',
  '2024-05-01',
  '2024-05-01 10:00',
  '2024-13-40',
  '12.34',
  '-0.01',
  '0.00',
  '999999999999.99',
  'CNY',
  'tmgr',
  'tacc',
  'admin',
  'manager',
  'accountant',
  'auditor',
  '甲公司',
  '对方',
  '0'.repeat(32),
  'f'.repeat(64),
  '../../etc/passwd',
  '/tmp',
  'C:\\Windows',
  "'; DROP TABLE payment_records; --",
  '%s%n',
  '\u202e',
  '\u0000',
  '  ',
];

export const HOSTILE: (() => unknown)[] = [
  () => null,
  () => undefined,
  () => '',
  () => 0,
  () => -1,
  () => NaN,
  () => Infinity,
  () => -0,
  () => 2 ** 53,
  () => 1.5,
  () => true,
  () => [],
  () => ({}),
  () => 'x'.repeat(1 << 20),
  () => '账'.repeat(70_000),
  () => 10n ** 30n,
  () => new Date(8.64e15),
  () => new Map([['a', 1]]),
  () => new Set([1]),
  () => new Uint8Array(16),
  () => JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  () => ({ constructor: { prototype: { polluted: true } } }),
  () => ({ toString: 'x', valueOf: 1, then: 1 }),
  () => nest(500),
  () => Array.from({ length: 100_000 }, (_, i) => i),
];

function nest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i += 1) v = [v];
  return v;
}

/** An own property, even one named __proto__ (as JSON.parse or structured clone make it). */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, configurable: true, writable: true });
}

function checksOf(d: Def): Record<string, unknown>[] {
  return (d.checks ?? []).map((c) => c._zod.def);
}

function stringFor(d: Def, r: Rng, mode: Mode): string {
  const checks = checksOf(d);
  const min = Number(checks.find((c) => c.check === 'min_length')?.minimum ?? 0);
  const max = Number(checks.find((c) => c.check === 'max_length')?.maximum ?? 300);
  const regex = checks.find((c) => c.check === 'string_format' && c.pattern instanceof RegExp)?.pattern as
    RegExp | undefined;
  if (mode === 'boundary') {
    const n = r.pick([Math.max(0, min - 1), min, max, max + 1, max * 4]);
    return r.pick(['a', '账', ' ', '\u0000', '9']).repeat(n);
  }
  if (regex) {
    const fits = WORDS.filter((w) => regex.test(w));
    if (fits.length && r.chance(0.8)) return r.pick(fits);
  }
  const word = r.pick(WORDS);
  if (word.length >= min && word.length <= max && r.chance(0.7)) return word;
  return 'x'.repeat(Math.min(max, Math.max(min, r.range(min, Math.min(max, min + 12)))));
}

function numberFor(d: Def, r: Rng, mode: Mode): number {
  const checks = checksOf(d);
  const gt = checks.find((c) => c.check === 'greater_than');
  const lt = checks.find((c) => c.check === 'less_than');
  const lo = gt ? Number(gt.value) + (gt.inclusive ? 0 : 1) : -1000;
  const hi = lt ? Number(lt.value) - (lt.inclusive ? 0 : 1) : 1000;
  if (mode === 'boundary') return r.pick([lo - 1, lo, hi, hi + 1, NaN, -0, 0.5, 2 ** 53, -(2 ** 53)]);
  // Ids that exist in the fuzz vault (small numbers) most of the time.
  return r.chance(0.7)
    ? Math.min(hi, Math.max(lo, r.range(0, 5)))
    : Math.min(hi, lo + r.int(Math.min(hi - lo + 1, 1000)));
}

/** A value for `schema`: mostly valid ('valid'), or at the edges of what it accepts ('boundary'). */
export function payloadFor(schema: Schema, r: Rng, mode: Mode, depth = 0): unknown {
  const d = schema._zod.def;
  // In boundary mode, now and then a field of the wrong kind altogether.
  if (mode === 'boundary' && depth > 0 && r.chance(0.08)) return r.pick(HOSTILE)();
  switch (d.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(d.shape ?? {})) {
        const optional = v._zod.def.type === 'optional' || v._zod.def.type === 'default';
        if (optional && r.chance(0.4)) continue;
        out[k] = payloadFor(v, r, mode, depth + 1);
      }
      if (mode === 'boundary' && r.chance(0.2)) setOwn(out, r.pick(['extra', '__proto__', 'constructor', 'id']), 1);
      return out;
    }
    case 'string':
      return stringFor(d, r, mode);
    case 'number':
      return numberFor(d, r, mode);
    case 'boolean':
      return r.chance(0.5);
    case 'literal':
      return r.pick(d.values ?? [null]);
    case 'enum': {
      const values = Object.values(d.entries ?? {});
      return mode === 'boundary' && r.chance(0.3) ? `${String(r.pick(values))}x` : r.pick(values);
    }
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return mode === 'boundary' && r.chance(0.2) ? undefined : payloadFor(d.innerType!, r, mode, depth + 1);
    case 'nullable':
      return r.chance(0.3) ? null : payloadFor(d.innerType!, r, mode, depth + 1);
    case 'array': {
      const n = mode === 'boundary' ? r.pick([0, 1, 501, 5000]) : r.range(0, 3);
      return Array.from({ length: n }, () =>
        payloadFor(d.element!, r, mode === 'boundary' ? 'valid' : mode, depth + 1),
      );
    }
    case 'union':
      return payloadFor(r.pick(d.options ?? []), r, mode, depth + 1);
    case 'pipe':
      return payloadFor(d.in!, r, mode, depth + 1);
    case 'record': {
      const out: Record<string, unknown> = {};
      for (let i = r.range(0, 3); i > 0; i -= 1)
        out[String(payloadFor(d.keyType!, r, mode, depth + 1))] = payloadFor(d.valueType!, r, mode, depth + 1);
      return out;
    }
    default:
      // unknown, any, and kinds the contract does not use yet: anything at all.
      return r.chance(0.5) ? r.pick(WORDS) : r.pick(HOSTILE)();
  }
}

/** One value somewhere inside `payload` replaced by a hostile one (a copy; the input is left as is). */
export function corruptOne(payload: unknown, r: Rng): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload) || r.chance(0.15))
    return r.pick(HOSTILE)();
  const out = { ...(payload as Record<string, unknown>) };
  const keys = Object.keys(out);
  if (!keys.length || r.chance(0.15)) {
    setOwn(out, r.pick(['__proto__', 'constructor', 'prototype', 'toJSON', 'then', 'x']), r.pick(HOSTILE)());
    return out;
  }
  const k = r.pick(keys);
  if (r.chance(0.2)) delete out[k];
  else out[k] = corruptOne(out[k], r);
  return out;
}
