import { describe, expect, it } from 'vitest';
import {
  auditVerdict,
  disclosureVerdict,
  keychainVerdict,
  reviewAgeVerdict,
  roundVerdict,
  signinVerdict,
} from '../../src/shared/posture/rules';
import { describeFact } from '../../src/shared/posture/wording';
import { POSTURE_FACT_IDS } from '../../src/shared/posture/contract';
import { DAY_MS } from '../../src/shared/time';

/** The thresholds at their edges (the core tests hold each fact end to end in a real vault). */
describe('posture thresholds', () => {
  const now = Date.parse('2026-06-30T04:00:00Z');
  const ago = (days: number) => new Date(now - days * DAY_MS).toISOString();

  it('grants reviewed: green to 152 days, amber to 183, red after or never', () => {
    expect(reviewAgeVerdict(ago(152), now).status).toBe('green');
    expect(reviewAgeVerdict(ago(153), now).status).toBe('amber');
    expect(reviewAgeVerdict(ago(183), now).status).toBe('amber');
    expect(reviewAgeVerdict(ago(184), now).status).toBe('red');
    expect(reviewAgeVerdict(null, now)).toMatchObject({ status: 'red', detail: 'never', days: null });
  });

  it('an open round: amber within 7 days of its due date, red the day after it', () => {
    expect(roundVerdict(null, '2026-06-30').status).toBe('green');
    expect(roundVerdict('2026-07-08', '2026-06-30').status).toBe('green');
    expect(roundVerdict('2026-07-07', '2026-06-30').status).toBe('amber');
    expect(roundVerdict('2026-06-30', '2026-06-30').status).toBe('amber');
    expect(roundVerdict('2026-06-29', '2026-06-30')).toMatchObject({ status: 'red', detail: 'overdue' });
  });

  it('audit chain: an alarm or a failed verification is red whatever its age', () => {
    expect(auditVerdict({ alarm: true, lastVerify: { ok: true, at: ago(1) } }, now).status).toBe('red');
    expect(auditVerdict({ alarm: false, lastVerify: { ok: false, at: ago(100) } }, now).status).toBe('red');
    expect(auditVerdict({ alarm: false, lastVerify: { ok: true, at: ago(30) } }, now).status).toBe('green');
    expect(auditVerdict({ alarm: false, lastVerify: { ok: true, at: ago(31) } }, now).status).toBe('amber');
  });

  it('keychain, sign-ins and disclosures at their edges', () => {
    expect(keychainVerdict({ kind: 'behind' }).status).toBe('amber');
    expect(keychainVerdict({ kind: 'failed' }).status).toBe('red');
    expect(signinVerdict({ alerts: 0, lockouts: 2, bursts: 0 }).status).toBe('amber');
    expect(signinVerdict({ alerts: 1, lockouts: 1, bursts: 2 }).status).toBe('red');
    expect(disclosureVerdict({ reveals: 500, exports: 90, denied: 0 }).status).toBe('green');
    expect(disclosureVerdict({ reveals: 0, exports: 0, denied: 4 }).status).toBe('amber');
    expect(disclosureVerdict({ reveals: 0, exports: 0, denied: 5 }).status).toBe('red');
  });

  it('every fact and detail has words in both languages (no key shown raw)', () => {
    const details: Record<string, string[]> = {
      mfa: ['ok', 'notRequired', 'missing'],
      password: ['ok', 'noHistory', 'shortHistory', 'manyTries', 'shortLockout'],
      idle: ['ok', 'long', 'tooLong'],
      reviewAge: ['never', 'old', 'dueSoon', 'ok'],
      reviewRound: ['none', 'open', 'dueSoon', 'overdue'],
      backup: ['ok', 'amber', 'red', 'none'],
      audit: ['ok', 'neverVerified', 'stale', 'failed', 'alarm'],
      keychain: ['ok', 'behind', 'missing', 'unreadable', 'failed', 'notMirrored'],
      signins: ['none', 'some', 'many'],
      disclosures: ['ok', 'denied'],
      update: ['ok', 'behind', 'noneSeen'],
      incidents: ['none', 'open', 'overdue'],
      partners: ['none', 'overdue', 'failed', 'dueSoon', 'ok'],
      findings: ['overdue', 'dueSoon', 'neverHeld', 'noRecentAudit', 'ok'],
    };
    for (const id of POSTURE_FACT_IDS) {
      for (const detail of details[id] ?? ['notSetUp']) {
        for (const locale of ['zh-CN', 'en'] as const) {
          const words = describeFact({ id, status: 'amber', detail, params: {}, fixRoute: null }, locale);
          expect(words.title).not.toBe('');
          expect(words.detail, `${id}.${detail} ${locale}`).not.toBe(detail);
        }
      }
    }
  });
});
