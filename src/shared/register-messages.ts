/**
 * The compliance registers' messages (issue 17: access reviews, people, incidents, partners,
 * risks, internal audit, retention, the evidence report), each in its own file, joined here once so that messages.ts
 * (which spreads this into INPUT_MESSAGES) stays under 400 lines.
 */
import { INCIDENTS_MESSAGES } from './incidents-messages';
import { INTERNAL_AUDIT_MESSAGES } from './internal-audit-messages';
import { PARTNER_MESSAGES } from './partners-messages';
import { PEOPLE_MESSAGES } from './people-messages';
import { REPORT_MESSAGES } from './report-messages';
import { RETENTION_MESSAGES } from './retention-messages';
import { REVIEW_MESSAGES } from './review-messages';
import { RISK_MESSAGES } from './risks-messages';

export const REGISTER_MESSAGES = {
  ...REVIEW_MESSAGES,
  ...RETENTION_MESSAGES,
  ...PARTNER_MESSAGES,
  ...RISK_MESSAGES,
  ...INTERNAL_AUDIT_MESSAGES,
  ...PEOPLE_MESSAGES,
  ...INCIDENTS_MESSAGES,
  ...REPORT_MESSAGES,
} as const;
