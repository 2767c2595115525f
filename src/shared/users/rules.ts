/**
 * Rules for user names and passwords, shared by the core (which enforces them) and the
 * renderer (which checks them as the user types). PCI DSS v4 8.3.6: 12 characters, letters and
 * digits.
 */
import type { InputMessageKey, MessageParams } from '../messages';
import { DISPLAY_NAME_MAX } from '../schema-kit';

export { DISPLAY_NAME_MAX };

export const PASSWORD_MIN_LENGTH = 12;
export const USERNAME_PATTERN = /^[\p{L}\p{N}._-]{2,64}$/u;

/** A few of the most common passwords that still pass the length rule; the access feature grows this list. */
const COMMON = new Set([
  'password1234',
  '123456789abc',
  'qwertyuiop123',
  'abc123456789',
  'admin1234567',
  'passw0rd1234',
]);

export interface RuleViolation {
  key: InputMessageKey;
  params?: MessageParams;
}

export function passwordProblem(password: string, username: string): RuleViolation | null {
  if ([...password].length < PASSWORD_MIN_LENGTH)
    return { key: 'password.tooShort', params: { min: PASSWORD_MIN_LENGTH } };
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) return { key: 'password.lettersAndDigits' };
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || (username.length > 0 && lower.includes(username.toLowerCase()))) {
    return { key: 'password.tooCommon' };
  }
  return null;
}

export function usernameProblem(username: string): RuleViolation | null {
  return USERNAME_PATTERN.test(username) ? null : { key: 'username.invalid' };
}
