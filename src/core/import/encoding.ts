/**
 * Which text encoding a payment export is in, and its text (issue 14). Chinese exports come as
 * GBK (Alipay, older banks), UTF-8 with or without a BOM (WeChat Pay, newer banks) and now and
 * then UTF-16 (Excel's "Unicode text"); Western formats (QIF, MT940, OFX 1.x) as Windows-1252 or
 * Latin-1. Detection: a BOM decides; else strict UTF-8 (a non-UTF-8 file almost never decodes
 * strictly); else GB18030 when its double-byte pairs look like Chinese text, else Windows-1252.
 * The wizard shows the choice and `confident`, and the user may override it.
 */
import { LedgerVaultError } from '../errors';

export type EncodingId = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'windows-1252' | 'iso-8859-1';

export const ENCODINGS: readonly EncodingId[] = [
  'utf-8',
  'gb18030',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'iso-8859-1',
];

export interface Decoded {
  encoding: EncodingId;
  /** The text without its byte order mark. */
  text: string;
  /** False when another encoding was about as plausible: the wizard asks the user to look. */
  confident: boolean;
}

export interface EncodingGuess {
  encoding: EncodingId;
  confident: boolean;
  /** Bytes of byte order mark to drop before decoding. */
  bomLength: number;
}

/** How many bytes of a file's start detection looks at: enough for any preamble, cheap for 200 MB. */
export const DETECT_BYTES = 256 * 1024;

/** Guesses the encoding from (the start of) a file's bytes; see the file comment for the order. */
export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  const bom = bomOf(bytes);
  if (bom) return { ...bom, confident: true };
  // A head cut at DETECT_BYTES may end inside a character: leave the last 3 bytes out of the test.
  const head = bytes.length > DETECT_BYTES ? bytes.subarray(0, DETECT_BYTES - 3) : bytes;
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, confident: false, bomLength: 0 };
  if (decodesStrictly('utf-8', head)) return { encoding: 'utf-8', confident: true, bomLength: 0 };
  const gb = gbPairs(head);
  if (decodesStrictly('gb18030', head) && gb.total > 0) {
    // GB2312's hanzi and punctuation (both bytes A1..FE) make up nearly all real Chinese text;
    // Latin-1 letters read as GBK pairs mostly land outside it (é followed by an ASCII letter).
    const share = gb.gb2312 / gb.total;
    if (share >= 0.9) return { encoding: 'gb18030', confident: true, bomLength: 0 };
    if (share >= 0.5) return { encoding: 'gb18030', confident: false, bomLength: 0 };
  }
  // Windows-1252 decodes every byte; it is a guess unless the high bytes look like Western letters.
  return { encoding: 'windows-1252', confident: looksWestern(head), bomLength: 0 };
}

/** Decodes a whole file: detected, or in the encoding the user chose (a BOM is still dropped). */
export function decodeBytes(bytes: Uint8Array, override?: EncodingId): Decoded {
  const guess = detectEncoding(bytes);
  const encoding = override ?? guess.encoding;
  const bom = bomOf(bytes);
  const skip = bom && bom.encoding === encoding ? bom.bomLength : 0;
  const text = decoderFor(encoding).decode(bytes.subarray(skip));
  return { encoding, text, confident: override ? true : guess.confident };
}

/**
 * Decodes a file that arrives in chunks (a 200 MB export need not be one buffer): the encoding
 * from the first chunk (or the override), then each chunk's text, characters split across chunk
 * boundaries kept whole.
 */
export function* decodeChunks(chunks: Iterable<Uint8Array>, override?: EncodingId): Generator<string, void, undefined> {
  let decoder: { decode(b: Uint8Array, o?: { stream: boolean }): string } | undefined;
  for (const chunk of chunks) {
    let bytes = chunk;
    if (!decoder) {
      const guess = detectEncoding(chunk);
      const encoding = override ?? guess.encoding;
      if (guess.bomLength > 0 && guess.encoding === encoding) bytes = chunk.subarray(guess.bomLength);
      decoder = decoderFor(encoding);
    }
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  const rest = decoder?.decode(new Uint8Array(0)) ?? '';
  if (rest) yield rest;
}

function bomOf(bytes: Uint8Array): EncodingGuess | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', confident: true, bomLength: 3 };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', confident: true, bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', confident: true, bomLength: 2 };
  // GB18030's own BOM (84 31 95 33) is U+FEFF encoded in GB18030.
  if (bytes[0] === 0x84 && bytes[1] === 0x31 && bytes[2] === 0x95 && bytes[3] === 0x33) {
    return { encoding: 'gb18030', confident: true, bomLength: 4 };
  }
  return undefined;
}

/** UTF-16 without a BOM: text of ASCII characters has a zero in every other byte. */
function utf16WithoutBom(bytes: Uint8Array): EncodingId | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero += 1;
    if (bytes[i + 1] === 0) oddZero += 1;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.1) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.1) return 'utf-16be';
  return undefined;
}

function decodesStrictly(encoding: 'utf-8' | 'gb18030', bytes: Uint8Array): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Counts GB18030 multi-byte sequences, and those in GB2312's common plane (both bytes A1..FE). */
function gbPairs(bytes: Uint8Array): { gb2312: number; total: number } {
  let gb2312 = 0;
  let total = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const next = bytes[i + 1] ?? 0;
    total += 1;
    if (next >= 0x30 && next <= 0x39) {
      i += 3; // a four-byte sequence: rare characters, not common Chinese text
      continue;
    }
    if (b >= 0xa1 && b <= 0xf7 && next >= 0xa1 && next <= 0xfe) gb2312 += 1;
    i += 1;
  }
  return { gb2312, total };
}

/** Western text: high bytes are mostly Latin letters (C0..FF) or Windows-1252 punctuation, each alone. */
function looksWestern(bytes: Uint8Array): boolean {
  let high = 0;
  let lone = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i]! < 0x80) continue;
    high += 1;
    if ((bytes[i - 1] ?? 0) < 0x80 && (bytes[i + 1] ?? 0) < 0x80) lone += 1;
  }
  return high > 0 && lone / high >= 0.8;
}

interface ChunkDecoder {
  decode(bytes: Uint8Array, options?: { stream: boolean }): string;
}

/** Windows-1252's 0x80..0x9F (€, ‚, „, …, ‘, ’, “, ”, –, —, ™ …); 0x81, 0x8D, 0x8F, 0x90, 0x9D stay as is. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Single-byte decoders of our own: Node's TextDecoder decodes "windows-1252" as ISO-8859-1 (0x80
 * comes out as U+0080, not €), so neither label can be left to it.
 */
function singleByte(high: string | undefined): ChunkDecoder {
  return {
    decode(bytes: Uint8Array): string {
      let out = '';
      for (let i = 0; i < bytes.length; i += 8192) {
        const part = Array.from(bytes.subarray(i, i + 8192), (b) =>
          high && b >= 0x80 && b <= 0x9f ? high[b - 0x80]! : String.fromCharCode(b),
        );
        out += part.join('');
      }
      return out;
    },
  };
}

function decoderFor(encoding: EncodingId): ChunkDecoder {
  if (encoding === 'iso-8859-1') return singleByte(undefined);
  if (encoding === 'windows-1252') return singleByte(CP1252_HIGH);
  if (!ENCODINGS.includes(encoding)) {
    throw new LedgerVaultError('E_INPUT', `Unknown text encoding "${String(encoding)}".`);
  }
  // Not fatal: with an encoding the user chose, a stray byte shows as U+FFFD in the preview.
  return new TextDecoder(encoding);
}
