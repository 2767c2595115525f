import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, matchTotp, totpAt } from '../../src/core/crypto/totp';
import { usccCheckCharacter, usccProblem } from '../../src/core/clients/uscc';

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    const secret = new TextEncoder().encode('12345678901234567890');
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [t, code] of vectors) expect(totpAt(secret, Math.floor(t / 30), 8)).toBe(code);
  });

  it('accepts one step of clock drift and nothing further', () => {
    const secret = base32Encode(new TextEncoder().encode('12345678901234567890'));
    expect(base32Decode(secret)).toEqual(new TextEncoder().encode('12345678901234567890'));
    const now = new Date(1_700_000_000_000);
    const step = Math.floor(now.getTime() / 30_000);
    const raw = base32Decode(secret);
    expect(matchTotp(secret, totpAt(raw, step), now)).toBe(step);
    expect(matchTotp(secret, totpAt(raw, step - 1), now)).toBe(step - 1);
    expect(matchTotp(secret, totpAt(raw, step + 1), now)).toBe(step + 1);
    expect(matchTotp(secret, totpAt(raw, step - 2), now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', now)).toBeNull();
  });
});

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts codes whose check character is right and says why others are wrong', () => {
    // The example code of GB 32100-2015 itself.
    const valid = ['91350100M000100Y43'];
    for (const code of valid) {
      expect(usccCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    }
    expect(usccProblem('91350100M000100Y43')).toBeNull();
    expect(usccProblem('91350100M000100Y44')).toEqual({ problem: 'check', expected: '3' });
    expect(usccProblem('91350100M000100Y4')).toEqual({ problem: 'length' });
    expect(usccProblem('91350100M000100YI3')).toEqual({ problem: 'character' });
  });
});
