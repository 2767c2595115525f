import { inputError } from '../errors';

/** A few of the most common passwords that still pass the length rule; the access feature grows this list. */
const COMMON = new Set([
  'password1234',
  '123456789abc',
  'qwertyuiop123',
  'abc123456789',
  'admin1234567',
  'passw0rd1234',
]);

export const PASSWORD_MIN_LENGTH = 12;

/** PCI DSS v4 8.3.6: at least 12 characters with letters and digits. Throws E_INPUT saying why. */
export function assertPasswordAcceptable(password: string, username: string): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    throw inputError(`The password must have at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) {
    throw inputError('The password must contain both letters and digits.');
  }
  if (COMMON.has(password.toLowerCase()) || password.toLowerCase().includes(username.toLowerCase())) {
    throw inputError('The password is too easy to guess (common, or contains the user name).');
  }
}

const USERNAME = /^[\p{L}\p{N}._-]{2,64}$/u;

export function assertUsername(username: string): void {
  if (!USERNAME.test(username)) {
    throw inputError('A user name has 2 to 64 letters, digits, dots, underscores or hyphens.');
  }
}
