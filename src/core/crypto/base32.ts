/**
 * Base32 in a given alphabet: RFC 4648's for TOTP secrets (what authenticator apps read),
 * Crockford's for recovery keys (no I, L, O, U to misread on paper).
 */
export const RFC4648 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function encodeBase32(bytes: Uint8Array, alphabet: string): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes `text` (already normalised); `onBadChar` says what to throw for a foreign character. */
export function decodeBase32(text: string, alphabet: string, onBadChar: (ch: string) => Error): Uint8Array {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw onBadChar(ch);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}
