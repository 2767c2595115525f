/** The home screen: one summary, its parts chosen by the signed-in user's role. */
import { empty, out } from '../schema-kit';
import type { Role } from '../access/roles';

export interface HomeClientMonth {
  id: number;
  name: string;
  /** Records dated this Beijing month (not deleted). */
  count: number;
  inMinor: number;
  outMinor: number;
}

export interface HomeRecentWork {
  id: number;
  clientId: number;
  clientName: string;
  occurredAt: number;
  hasTime: boolean;
  direction: 'in' | 'out' | 'neutral';
  amountMinor: number;
  currency: string;
  counterparty: string | null;
  /** Whether she entered it or last changed it; `at` is when. */
  kind: 'created' | 'edited';
  at: string;
}

export interface HomeIdleClient {
  id: number;
  name: string;
  /** The latest record's date (epoch ms), or null when the client has none. */
  lastRecordAt: number | null;
}

export interface HomeDisclosure {
  seq: number;
  at: string;
  actor: string;
  action: 'records.reveal' | 'records.export';
  clientId: number | null;
  clientName: string | null;
  reason: string | null;
  rows: number | null;
}

export type SignInAlertKind = 'off_hours' | 'failure_burst' | 'new_workstation' | 'lockout';

export interface SignInAlert {
  seq: number;
  at: string;
  username: string;
  kind: SignInAlertKind;
  details: Record<string, unknown>;
}

export interface HomeLockedAccount {
  username: string;
  displayName: string;
  lockedUntil: string;
}

export interface HomeMfaCoverage {
  role: Role;
  required: boolean;
  enrolled: number;
  total: number;
}

export interface HomeSummary {
  role: Role;
  /** The Beijing month the counts cover, "2024-03". */
  month: string;
  /** Accountants (and auditors): the granted clients with this month's figures. */
  clients?: HomeClientMonth[];
  /** Accountants: the records she entered or changed last. */
  recent?: HomeRecentWork[];
  /** Managers: clients with no record dated in the last `idleDays` days. */
  idle?: { days: number; clients: HomeIdleClient[] };
  /** Managers: reveals and exports of the last 30 days. */
  disclosures?: HomeDisclosure[];
  /** Admins: abnormal sign-ins, accounts locked now, MFA coverage by role. */
  alerts?: SignInAlert[];
  locked?: HomeLockedAccount[];
  mfa?: HomeMfaCoverage[];
}

export const homeContract = {
  'home:summary': { input: empty, output: out<HomeSummary>() },
} as const;
