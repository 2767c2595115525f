import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/shared/users/rules';
import { generateTemporaryPassword } from '../../src/shared/users/temp-password';

describe('temporary password generator', () => {
  it('always meets the password policy for the user it is made for, and does not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i += 1) {
      // A short user name that random letters could contain is refused by the policy: retried.
      const password = generateTemporaryPassword('ab');
      expect(passwordProblem(password, 'ab')).toBeNull();
      expect(password).toMatch(/^[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}$/);
      seen.add(password);
    }
    expect(seen.size).toBe(300);
  });
});
