/**
 * Mutators for the vault's own files (issue 16 item 3): JSON that keeps parsing but says other
 * things (the keys file, the update manifest, each line of the pending file), and a `.lvbak`
 * whose framing stays readable while its header, lengths or chunk order change, so that cases get
 * past the first length check and reach the schema, the hashes and the signature. The byte
 * mutators of mutators.ts (flips, truncation, insertions) are used beside them.
 */
import { byteMutators, type Mutator } from './mutators';
import type { Rng } from './rng';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** What a hand, a tool or an attacker puts where a value was. */
function hostileJson(r: Rng, was: Json): Json {
  const options: Json[] = [
    null,
    '',
    0,
    -1,
    1e308,
    2 ** 53 + 1,
    0.1,
    true,
    [],
    {},
    'x'.repeat(r.pick([1, 64, 65, 100_000])),
    '9999-12-31T23:59:59.999Z',
    '0.0.0',
    '99999.0.0',
    'AAAA',
    '=',
    'f'.repeat(64),
    '0'.repeat(128),
    '\u0000',
    '__proto__',
  ];
  if (typeof was === 'string' && was.length) {
    const at = r.int(was.length);
    options.push(
      was.slice(0, at),
      was + was,
      `${was.slice(0, at)}${r.pick(['A', '0', '=', '/', '+'])}${was.slice(at + 1)}`,
    );
  }
  if (typeof was === 'number') options.push(was + 1, was - 1, -was, was * 1000);
  return r.pick(options);
}

/** One value somewhere in `v` changed, removed, doubled or given a sibling. */
function mutateJson(v: Json, r: Rng, depth = 0): Json {
  const stop = depth > 0 && r.chance(0.3);
  if (v === null || typeof v !== 'object' || stop) return hostileJson(r, v);
  if (Array.isArray(v)) {
    if (!v.length || r.chance(0.15)) return r.chance(0.5) ? [] : [...v, ...v];
    const out = [...v];
    const i = r.int(out.length);
    if (r.chance(0.2)) out.splice(i, 1);
    else if (r.chance(0.1)) out.splice(r.int(out.length), 0, out[i]!);
    else out[i] = mutateJson(out[i]!, r, depth + 1);
    return out;
  }
  const out: Record<string, Json> = { ...v };
  const keys = Object.keys(out);
  if (!keys.length || r.chance(0.1)) {
    Object.defineProperty(out, r.pick(['extra', '__proto__', 'constructor', 'mac', 'version']), {
      value: hostileJson(r, null),
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return out;
  }
  const k = r.pick(keys);
  if (r.chance(0.15)) delete out[k];
  else out[k] = mutateJson(out[k]!, r, depth + 1);
  return out;
}

/** One leaf changed into another of its kind (a digit for a digit, a letter for a letter, n for n + 1): the schema still passes, the MAC or signature must not. */
function tweakJson(v: Json, r: Rng): Json {
  if (typeof v === 'number') return v + r.pick([1, -1]);
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string') {
    if (!v.length) return 'a';
    const at = r.int(v.length);
    const ch = v[at]!;
    const swap = /\d/.test(ch)
      ? String((Number(ch) + 1) % 10)
      : /[a-z]/.test(ch)
        ? ch === 'a'
          ? 'b'
          : 'a'
        : /[A-Z]/.test(ch)
          ? ch === 'A'
            ? 'B'
            : 'A'
          : ch === '账'
            ? '帐'
            : '账';
    return v.slice(0, at) + swap + v.slice(at + 1);
  }
  if (v === null) return v;
  if (Array.isArray(v)) {
    if (!v.length) return v;
    const out = [...v];
    const i = r.int(out.length);
    out[i] = tweakJson(out[i]!, r);
    return out;
  }
  const keys = Object.keys(v);
  if (!keys.length) return v;
  const k = r.pick(keys);
  return { ...v, [k]: tweakJson(v[k]!, r) };
}

function tryJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

/** A JSON file (indented as the app writes it) with one value changed; bytes that do not parse are flipped instead. */
export const jsonValue: Mutator = (b, r) => {
  const v = tryJson(b.toString('utf8'));
  if (v === undefined) return byteMutators.flipBits!(b, r, []);
  return Buffer.from(`${JSON.stringify(mutateJson(v, r), null, r.pick([0, 2]))}\n`, 'utf8');
};

/** A JSON file with one leaf changed into another of its kind. */
export const jsonTweak: Mutator = (b, r) => {
  const v = tryJson(b.toString('utf8'));
  if (v === undefined) return byteMutators.flipBits!(b, r, []);
  return Buffer.from(`${JSON.stringify(tweakJson(v, r), null, 2)}\n`, 'utf8');
};

/** One line of a JSON-lines file changed as `jsonValue` does, or lines dropped, repeated or swapped. */
export const jsonLine: Mutator = (b, r) => {
  const lines = b.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (!lines.length) return b;
  const i = r.int(lines.length);
  const which = r.int(5);
  if (which === 0) lines.splice(i, 1);
  else if (which === 1) lines.splice(r.int(lines.length + 1), 0, lines[i]!);
  else if (which === 2) [lines[i], lines[0]] = [lines[0]!, lines[i]!];
  else {
    const v = tryJson(lines[i]!);
    lines[i] = v === undefined ? `${lines[i]}}` : JSON.stringify(r.chance(0.5) ? tweakJson(v, r) : mutateJson(v, r));
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
};

/** The `.lvbak` framing (backup-format.ts): where the header and each length-prefixed record are. */
function frames(b: Buffer): { headerAt: number; headerLength: number; lengths: number[] } | null {
  const MAGIC = 10;
  if (b.length < MAGIC + 4) return null;
  const headerLength = b.readUInt32BE(MAGIC);
  const lengths: number[] = [];
  let at = MAGIC + 4 + headerLength;
  // Chunk lengths, the 0 after them, and the manifest's length.
  while (at + 4 <= b.length && lengths.length < 10_000) {
    lengths.push(at);
    const n = b.readUInt32BE(at);
    if (n === 0) {
      if (at + 8 <= b.length) lengths.push(at + 4);
      break;
    }
    at += 4 + n;
  }
  return { headerAt: MAGIC + 4, headerLength, lengths };
}

export const backupMutators: Record<string, Mutator> = {
  /** The header's JSON changed, with its length prefix made to fit: reaches the schema and the signed hash. */
  header(b, r) {
    const f = frames(b);
    if (!f || f.headerAt + f.headerLength > b.length) return byteMutators.truncate!(b, r, []);
    const old = b.subarray(f.headerAt, f.headerAt + f.headerLength);
    const next = jsonValue(old, r, []);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(next.length);
    return Buffer.concat([b.subarray(0, f.headerAt - 4), len, next, b.subarray(f.headerAt + f.headerLength)]);
  },
  /** A record length (or the end mark, or the manifest's length) set to an edge. */
  length(b, r) {
    const f = frames(b);
    if (!f?.lengths.length) return byteMutators.interestingByte!(b, r, []);
    const c = Buffer.from(b);
    const at = r.pick(f.lengths);
    c.writeUInt32BE(
      r.pick([0, 1, 15, 16, 17, 0xffffffff, (1 << 20) + 16, (1 << 20) + 17, (c.readUInt32BE(at) + 1) >>> 0]),
      at,
    );
    return c;
  },
  /** Two whole records swapped, or one repeated: each still framed, in the wrong place. */
  reorder(b, r) {
    const f = frames(b);
    const chunks = f?.lengths.slice(0, -2) ?? [];
    if (chunks.length < 1) return byteMutators.deleteRun!(b, r, []);
    const span = (at: number) => [at, at + 4 + b.readUInt32BE(at)] as const;
    const [s1, e1] = span(r.pick(chunks));
    if (chunks.length < 2 || r.chance(0.3))
      return Buffer.concat([b.subarray(0, e1), b.subarray(s1, e1), b.subarray(e1)]);
    const [s2, e2] = span(r.pick(chunks.filter((c) => c !== s1)));
    const [a, ea, z, ez] = s1 < s2 ? [s1, e1, s2, e2] : [s2, e2, s1, e1];
    return Buffer.concat([b.subarray(0, a), b.subarray(z, ez), b.subarray(ea, z), b.subarray(a, ea), b.subarray(ez)]);
  },
  /** The signed manifest at the end changed as JSON, its length fixed: the signature must catch it. */
  manifest(b, r) {
    const f = frames(b);
    const at = f?.lengths.at(-1);
    if (at === undefined || at + 4 > b.length) return byteMutators.flipBits!(b, r, []);
    const n = b.readUInt32BE(at);
    if (at + 4 + n + 64 !== b.length) return byteMutators.flipBits!(b, r, []);
    const next = jsonValue(b.subarray(at + 4, at + 4 + n), r, []);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(next.length);
    return Buffer.concat([b.subarray(0, at), len, next, b.subarray(at + 4 + n)]);
  },
};

const bytes = [
  byteMutators.flipBits!,
  byteMutators.interestingByte!,
  byteMutators.insertRandom!,
  byteMutators.deleteRun!,
  byteMutators.truncate!,
];

export const JSON_FILE = [...bytes, jsonValue, jsonValue, jsonValue, jsonTweak, jsonTweak, jsonTweak];
export const JSON_LINES = [...bytes, jsonLine, jsonLine, jsonLine, jsonLine];
export const BACKUP = [...bytes, ...Object.values(backupMutators), backupMutators.header!, backupMutators.length!];
