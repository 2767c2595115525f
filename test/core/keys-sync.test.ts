/**
 * The rules by which vault.keys follows the database (keys-sync.ts), one case each: what a
 * commit decided wins, an uncommitted staged slot goes, and nothing else is touched.
 */
import { describe, expect, it } from 'vitest';
import { slotId, type KeysFile, type UserSlot } from '../../src/core/vault/keys-file';
import { counterIntentValue, reconcileKeys, type KeysIntent } from '../../src/core/vault/keys-sync';

const kdf = { alg: 'argon2id' as const, m: 65536, t: 3, p: 1, salt: 'AAAA' };
const slot = (userId: string, tag: string, pending?: true): UserSlot => ({
  kind: 'user',
  userId,
  username: userId,
  kdf,
  nonce: `n${tag}`,
  wrapped: `w${tag}`,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...(pending ? { pending } : {}),
});
const counter = { failures: 2, lastFailureAt: '2025-01-01T00:00:00.000Z', lockedUntil: null };

function file(slots: UserSlot[], extra: Partial<KeysFile> = {}): KeysFile {
  return {
    format: 'ledgervault-keys',
    version: 1,
    vaultId: '00000000-0000-4000-8000-000000000000',
    createdAt: '2025-01-01T00:00:00.000Z',
    generation: 3,
    slots: [{ kind: 'recovery', nonce: 'r', wrapped: 'r', createdAt: '2025-01-01T00:00:00.000Z' }, ...slots],
    auditHead: { seq: 5, hash: 'ab' },
    lockout: { maxFailures: 10, lockMinutes: 30 },
    counters: {},
    mac: { vault: '00', device: '00' },
    ...extra,
  };
}

function intent(partial: Partial<KeysIntent> = {}): KeysIntent {
  return {
    auditHead: { seq: 5, hash: 'ab' },
    lockout: null,
    slots: new Map(),
    counterResets: new Map(),
    pendingTail: null,
    ...partial,
  };
}

const userSlotsOf = (body: ReturnType<typeof reconcileKeys>['body']) =>
  body!.slots.filter((s): s is UserSlot => s.kind === 'user').map((s) => `${s.nonce}${s.pending ? '*' : ''}`);

describe('keys-file sync rules', () => {
  const oldA = slot('a', '1');
  const newA = slot('a', '2', true);

  it('a file that agrees with the database is left alone', () => {
    expect(reconcileKeys(file([oldA]), intent())).toEqual({ body: null, repairs: [] });
    expect(reconcileKeys(file([oldA]), intent({ slots: new Map([['a', slotId(oldA)]]) })).body).toBeNull();
  });

  it('a staged slot whose change committed replaces the old one', () => {
    const r = reconcileKeys(file([oldA, newA]), intent({ slots: new Map([['a', slotId(newA)]]) }));
    expect(userSlotsOf(r.body)).toEqual(['n2']);
    expect(r.repairs.map((x) => x.change)).toEqual(['removed the replaced slot', 'put the committed slot in force']);
  });

  it('a staged slot whose change never committed goes; one still being committed stays', () => {
    const committedOld = intent({ slots: new Map([['a', slotId(oldA)]]) });
    expect(userSlotsOf(reconcileKeys(file([oldA, newA]), intent()).body)).toEqual(['n1']);
    expect(userSlotsOf(reconcileKeys(file([oldA, newA]), committedOld).body)).toEqual(['n1']);
    expect(reconcileKeys(file([oldA, newA]), intent(), new Set([slotId(newA)])).body).toBeNull();
  });

  it('a removed account loses every slot; a committed slot missing from the file leaves the old one', () => {
    expect(userSlotsOf(reconcileKeys(file([oldA, newA]), intent({ slots: new Map([['a', null]]) })).body)).toEqual([]);
    expect(reconcileKeys(file([oldA]), intent({ slots: new Map([['a', 'f'.repeat(32)]]) })).body).toBeNull();
  });

  it('audit head and lockout follow the database; a counter is cleared only if it did not move since', () => {
    const r = reconcileKeys(
      file([oldA], { counters: { a: counter, b: counter } }),
      intent({
        auditHead: { seq: 9, hash: 'cd' },
        lockout: { maxFailures: 5, lockMinutes: 45 },
        counterResets: new Map([
          ['a', counterIntentValue(counter)],
          ['b', counterIntentValue({ ...counter, failures: 1 })],
        ]),
      }),
    );
    expect(r.body).toMatchObject({
      auditHead: { seq: 9, hash: 'cd' },
      lockout: { maxFailures: 5, lockMinutes: 45 },
      counters: { b: counter },
    });
    expect(r.repairs.map((x) => x.what)).toEqual(['audit_head', 'lockout', 'counter']);
  });
});
