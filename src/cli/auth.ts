import { beginMfaEnrolment, confirmMfaEnrolment } from '../core/auth/mfa';
import { done } from './output';
import { flag } from './parse';
import { signedInCommand } from './session';

/** `ledgervault mfa ...`: your own two-step verification. */
export const mfaCommands = {
  enroll: signedInCommand({
    summary: 'Start two-step verification: prints the secret, its otpauth URL and one-time recovery codes.',
    flags: {},
    run: async (v, s) => {
      const e = await beginMfaEnrolment(s);
      return done(
        v.json,
        { secret: e.secret, otpauthUrl: e.otpauthUrl, recoveryCodes: e.recoveryCodes },
        [
          `Secret: ${e.secret}`,
          `URL: ${e.otpauthUrl}`,
          'Recovery codes (each works once; store them safely):',
          ...e.recoveryCodes.map((c) => `  ${c}`),
          'Confirm with: ledgervault mfa confirm --code CODE',
        ].join('\n'),
      );
    },
  }),
  confirm: signedInCommand({
    summary: 'Turn two-step verification on with a code from the authenticator app.',
    flags: { code: flag.text('CODE').required() },
    run: (v, s) => {
      confirmMfaEnrolment(s, v.code);
      return done(v.json, { username: s.user.username, mfa: true }, 'Two-step verification is on.');
    },
  }),
};
