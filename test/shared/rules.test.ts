/**
 * Rules defined once in src/shared and applied alike by the IPC contract, the core and the
 * renderer's forms: the reason a person gives (reveal, export with full numbers, delete), the
 * operation names `VaultStatus.can` lists, and the enums the database stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/core/access/permissions';
import { createClient } from '../../src/core/clients/clients';
import { auditEvents, paymentAccounts, paymentRecords, users } from '../../src/core/db/schema';
import { LedgerVaultError } from '../../src/core/errors';
import { exportRecords } from '../../src/core/records/export-records';
import { addRecord, revealRecord } from '../../src/core/records/index';
import { deleteRecord } from '../../src/core/records/record-changes';
import { OPERATION_NAMES } from '../../src/shared/access/operations';
import { ROLE_NAMES } from '../../src/shared/access/roles';
import { AUDIT_OUTCOMES } from '../../src/shared/audit/contract';
import { ipcContract, type VaultStatus } from '../../src/shared/contract';
import { ACCOUNT_KINDS } from '../../src/shared/masking';
import { DIRECTIONS, REASON_MAX, REASON_MIN, reasonProblem, RECORD_STATUSES } from '../../src/shared/records/rules';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { createTestVault, type TestVault } from '../helpers/test-vault';

const SHORT = '核对账'; // three characters: one short of REASON_MIN
const ENOUGH = '核对账目';

describe('a reason is at least REASON_MIN and at most REASON_MAX characters everywhere', () => {
  it('in the shared rule the forms use', () => {
    expect(REASON_MIN).toBe(4);
    expect(reasonProblem(SHORT)).toEqual({ key: 'reason.tooShort', params: { min: REASON_MIN } });
    expect(reasonProblem(`  ${ENOUGH}  `)).toBeNull();
  });

  it('in the IPC contract of each channel that takes one', () => {
    const inputs = {
      'records:delete': (reason: string) => ({ id: 1, version: 1, reason }),
      'records:reveal': (reason: string) => ({ id: 1, reason }),
      'records:export': (revealReason: string) => ({ query: {}, format: 'csv', revealReason }),
    } as const;
    for (const [channel, make] of Object.entries(inputs)) {
      const schema = ipcContract[channel as keyof typeof inputs].input;
      expect(schema.safeParse(make(SHORT)).success, `${channel} <- "${SHORT}"`).toBe(false);
      expect(schema.safeParse(make(ENOUGH)).success, `${channel} <- "${ENOUGH}"`).toBe(true);
      expect(schema.safeParse(make('因'.repeat(REASON_MAX + 1))).success, `${channel} <- too long`).toBe(false);
    }
  });

  describe('in the core functions', () => {
    let vault: TestVault;
    let manager: Staff;
    beforeAll(async () => {
      vault = await createTestVault();
      const { session: admin } = await adminSession(vault);
      manager = await addStaff(admin, vault, 'manager', 'mgr');
      admin.lock();
      await activate(vault, manager);
    });
    afterAll(async () => vault.cleanup());

    const refusal = (run: () => unknown): LedgerVaultError => {
      try {
        run();
      } catch (err) {
        if (err instanceof LedgerVaultError) return err;
        throw err;
      }
      throw new Error('not refused');
    };

    it('refuse a reason one character short, saying how long it must be', async () => {
      const s = await signIn(vault, manager);
      try {
        const clientId = createClient(s, { name: '甲贸易有限公司' }).id;
        const r = addRecord(s, {
          clientId,
          occurredAt: '2024-03-01 10:00',
          direction: 'out',
          amount: '100.00',
          counterparty: '某某公司',
          counterpartyAccount: '6222021234567890123',
        });
        for (const err of [
          refusal(() => deleteRecord(s, r.id, r.version, SHORT)),
          refusal(() => revealRecord(s, r.id, SHORT)),
        ]) {
          expect(err.code).toBe('E_INPUT');
          expect(err.messageKey).toBe('reason.tooShort');
          expect(err.params).toEqual({ min: REASON_MIN });
        }
        await expect(
          exportRecords(s, { clientId }, { format: 'csv', reveal: { reason: SHORT }, save: async () => null }),
        ).rejects.toMatchObject({ code: 'E_INPUT', messageKey: 'reason.tooShort' });
        expect(revealRecord(s, r.id, ENOUGH).counterpartyAccount).toBe('6222021234567890123');
      } finally {
        s.lock();
      }
    });
  });
});

describe('names defined once', () => {
  it('the core has a rule for every operation the renderer may be told it can do, and no other', () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual([...OPERATION_NAMES].sort());
  });

  it('VaultStatus.can lists operations by name, so a misspelt check in the renderer does not compile', () => {
    // `npm run typecheck` fails here if `can` is ever widened back to string[].
    // @ts-expect-error -- 'records.lst' is not an operation
    const misspelt: VaultStatus['can'] = ['records.lst'];
    const can: VaultStatus['can'] = ['records.list', 'records.reveal'];
    expect(can.every((op) => (OPERATION_NAMES as readonly string[]).includes(op))).toBe(true);
    expect(misspelt).toHaveLength(1);
  });

  it('the database stores the enums the contract and the forms offer', () => {
    expect(users.role.enumValues).toEqual([...ROLE_NAMES]);
    expect(paymentRecords.direction.enumValues).toEqual([...DIRECTIONS]);
    expect(paymentRecords.status.enumValues).toEqual([...RECORD_STATUSES]);
    expect(paymentAccounts.kind.enumValues).toEqual([...ACCOUNT_KINDS]);
    expect(auditEvents.outcome.enumValues).toEqual([...AUDIT_OUTCOMES]);
  });
});
