import { passwordProblem } from './rules';

/** No 0/O, 1/l/I: read aloud or copied from a note without mistakes. */
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALPHABET = LETTERS + DIGITS;
const LENGTH = 16;

/** An unbiased index below `n` from the browser's CSPRNG (rejection sampling). */
function randomIndex(n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    if (buf[0]! < limit) return buf[0]! % n;
  }
}

/**
 * A temporary password that meets the password policy (src/shared/users/rules.ts) for
 * `username`: 16 characters in groups of four, letters and digits. ~90 bits.
 */
export function generateTemporaryPassword(username: string): string {
  for (;;) {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomIndex(ALPHABET.length)]!);
    const password = [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
    if (passwordProblem(password, username) === null) return password;
  }
}
