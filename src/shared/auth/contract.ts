/** Two-step verification enrolment and abnormal sign-in signals. */
import { z } from 'zod';
import { empty, out } from '../schema-kit';
import type { VaultStatus } from '../vault/contract';

export interface MfaEnrolment {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
  recoveryCodes: string[];
}

export interface SecuritySignal {
  seq: number;
  at: string;
  username: string;
  kind: 'off_hours' | 'failure_burst' | 'new_workstation';
  details: Record<string, unknown>;
}

export const authContract = {
  'account:mfaBegin': { input: empty, output: out<MfaEnrolment>() },
  'account:mfaConfirm': { input: z.strictObject({ code: z.string().trim().max(16) }), output: out<VaultStatus>() },
  'security:signals': { input: empty, output: out<SecuritySignal[]>() },
} as const;
