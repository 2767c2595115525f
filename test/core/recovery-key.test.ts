import { describe, expect, it } from 'vitest';
import { formatRecoveryKey, generateRecoveryKey, parseRecoveryKey } from '../../src/core/crypto/recovery-key';

describe('recovery key', () => {
  it('prints as 14 groups of 4 and parses back to the same secret, however it is typed', () => {
    for (let i = 0; i < 50; i += 1) {
      const { secret, text } = generateRecoveryKey();
      expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){13}[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(parseRecoveryKey(text).equals(secret)).toBe(true);
      expect(parseRecoveryKey(text.toLowerCase().replace(/-/g, ' ')).equals(secret)).toBe(true);
      expect(formatRecoveryKey(secret)).toBe(text);
    }
  });

  it('reads O as 0 and I or L as 1, as people copy them', () => {
    const { secret, text } = generateRecoveryKey();
    const sloppy = text.replace(/0/g, 'O').replace(/1/g, 'l');
    expect(parseRecoveryKey(sloppy).equals(secret)).toBe(true);
  });

  it('a changed character, a missing group or a stray symbol is E_INPUT, not a wrong key', () => {
    const { text } = generateRecoveryKey();
    const i = 7;
    const swapped = text.slice(0, i) + (text[i] === 'Z' ? 'Y' : 'Z') + text.slice(i + 1);
    expect(() => parseRecoveryKey(swapped)).toThrow(/E_INPUT.*checksum/);
    expect(() => parseRecoveryKey(text.slice(5))).toThrow(/E_INPUT.*56 characters/);
    expect(() => parseRecoveryKey(text.replace(/^./, '!'))).toThrow(/E_INPUT/);
  });
});
