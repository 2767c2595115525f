/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, S, V,
 * Z); the last is a check character over the first 17 with fixed weights, modulo 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = 'length' | 'character' | 'check';

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Null when valid; otherwise what is wrong, so the message can say why. */
export function usccProblem(code: string): { problem: UsccProblem; expected?: string } | null {
  if (code.length !== 18) return { problem: 'length' };
  if (![...code].every((c) => ALPHABET.includes(c))) return { problem: 'character' };
  const expected = usccCheckCharacter(code.slice(0, 17));
  return expected === code[17] ? null : { problem: 'check', expected };
}
