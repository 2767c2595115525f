/**
 * Key material in memory: what JavaScript lets us wipe is wiped as soon as it is used (see
 * docs/security.md, "Memory", for what it does not let us wipe).
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ARGON2_FLOOR } from '../../src/core/index';
import { createUserSlot, unwrapUserSlot } from '../../src/core/vault/keyslots';
import { createTestVault, type TestVault } from '../helpers/test-vault';

let vault: TestVault | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await vault?.cleanup();
  vault = undefined;
});

const allZero = (b: Uint8Array) => b.every((x) => x === 0);

/** Every Buffer of `length` bytes that Buffer.concat / Buffer.alloc* hand out while `fn` runs. */
async function buffersMadeDuring(length: number, fn: () => Promise<unknown>): Promise<Buffer[]> {
  const made: Buffer[] = [];
  for (const name of ['concat', 'alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const) {
    const original = Buffer[name] as (...args: unknown[]) => Buffer;
    vi.spyOn(Buffer, name).mockImplementation(((...args: unknown[]) => {
      const b = original.apply(Buffer, args);
      if (b.length === length) made.push(b);
      return b;
    }) as never);
  }
  try {
    await fn();
  } finally {
    vi.restoreAllMocks();
  }
  return made;
}

describe('key material in memory', () => {
  it('the KEK derivation wipes the joined Argon2 output and device secret', async () => {
    const deviceSecret = randomBytes(32);
    const dek = randomBytes(32);
    const contents = { dek, identity: null, rootFingerprint: null };
    const args = { vaultId: 'v', userId: 'u', username: 'a', password: 'Correct-Horse-2024', deviceSecret, contents };
    let slot: Awaited<ReturnType<typeof createUserSlot>> | undefined;
    const made = await buffersMadeDuring(64, async () => {
      slot = await createUserSlot({ ...args, kdf: ARGON2_FLOOR });
    });
    expect(made.length).toBeGreaterThan(0);
    expect(made.filter((b) => !allZero(b))).toEqual([]);
    // Nothing the caller owns was touched, and the slot still opens.
    expect(allZero(deviceSecret) || allZero(dek)).toBe(false);
    const opened = await buffersMadeDuring(64, async () => {
      const back = await unwrapUserSlot(slot!, args.password, deviceSecret, 'v');
      expect(back?.dek.equals(dek)).toBe(true);
    });
    expect(opened.filter((b) => !allZero(b))).toEqual([]);
  });

  it('the raw key handed to SQLCipher is wiped once the database is keyed, and is never a SQL string', async () => {
    const keyed: Buffer[] = [];
    const original = Database.prototype.key;
    vi.spyOn(Database.prototype, 'key').mockImplementation(function (this: Database.Database, key: Buffer) {
      keyed.push(key);
      return original.call(this, key);
    });
    const pragmas = vi.spyOn(Database.prototype, 'pragma');
    vault = await createTestVault();
    const session = await vault.unlock();
    session.lock();
    expect(keyed.length).toBeGreaterThanOrEqual(2); // create, then unlock
    expect(keyed.filter((k) => !allZero(k))).toEqual([]);
    expect(pragmas.mock.calls.map((c) => String(c[0])).filter((sql) => /(^|[^_a-z])key\s*=/i.test(sql))).toEqual([]);
  });

  it('locking wipes the session keys, even when closing the database fails', async () => {
    vault = await createTestVault();
    const session = await vault.unlock();
    const held = [session.dek, session.deviceSecret, session.auditKey];
    expect(held.some(allZero)).toBe(false);
    const close = session.db.close.bind(session.db);
    vi.spyOn(session.db, 'close').mockImplementationOnce(() => {
      close();
      throw new Error('SQLITE_IOERR: disk I/O error');
    });
    expect(() => session.lock()).toThrow(/SQLITE_IOERR/);
    expect(held.filter((b) => !allZero(b))).toEqual([]);
    expect(session.isOpen).toBe(false);
  });
});
