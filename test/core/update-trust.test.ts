/**
 * Issue 15, Build 2: the highest version this workstation installed lives in the vault's
 * authenticated state and in the keychain; the higher wins, a keychain that answers null is a
 * missing mirror (not "nothing installed"), nothing lowers it, and a release at or below it is
 * refused as a rollback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { VaultSession } from '../../src/core/index';
import { verifyRelease } from '../../src/core/update';
import { learnKey, loadTrustState, UPDATE_STATE_META } from '../../src/core/update/trust-state';
import { auditEvents } from '../../src/core/db/schema';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { adminSession } from '../helpers/staff';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { generateReleaseKey, writeSignedRelease } from '../helpers/update-release';

let vault: TestVault;
let session: VaultSession;
let store: MemoryKeyStore;
const work = mkdtempSync(path.join(os.tmpdir(), 'lv-update-trust-'));

beforeAll(async () => {
  store = new MemoryKeyStore();
  vault = await createTestVault({ keyStore: store });
  ({ session } = await adminSession(vault));
});
afterAll(async () => {
  session?.lock();
  await vault?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const note = () => store.notes.get(`${vault.vaultId}:update-state`) ?? null;
const vaultCopy = () => JSON.parse(session.getMeta(UPDATE_STATE_META) ?? 'null') as { highestInstalled: string } | null;
const setBoth = (vaultVersion: string | null, keychainVersion: string | null) => {
  session.write((ctx) => {
    if (vaultVersion)
      session.setMeta(ctx, UPDATE_STATE_META, JSON.stringify({ highestInstalled: vaultVersion, learnedKeys: [] }));
  });
  if (keychainVersion)
    store.notes.set(
      `${vault.vaultId}:update-state`,
      JSON.stringify({ highestInstalled: keychainVersion, learnedKeys: [] }),
    );
  else store.notes.delete(`${vault.vaultId}:update-state`);
};

describe('update trust state', () => {
  it('records the running version in the vault and the keychain the first time, audited', async () => {
    expect(vaultCopy()).toBeNull();
    const loaded = await loadTrustState(session, store, '0.2.0');
    expect(loaded.trust.highestInstalled).toBe('0.2.0');
    expect(loaded.mirror).toBe('missing');
    expect(vaultCopy()?.highestInstalled).toBe('0.2.0');
    expect(JSON.parse(note()!)).toEqual({ highestInstalled: '0.2.0', learnedKeys: [] });
    const events = session.orm.select().from(auditEvents).all();
    const installed = events.filter((e) => e.action === 'update.installed');
    expect(installed).toHaveLength(1);
    expect(JSON.parse(installed[0]!.details ?? '{}')).toMatchObject({ version: '0.2.0', previous: null });
  });

  it('takes the keychain version when the vault folder is older, and raises the vault to it', async () => {
    setBoth('0.2.0', '0.5.0');
    const loaded = await loadTrustState(session, store, '0.2.0');
    expect(loaded).toMatchObject({ mirror: 'present', vaultCopy: '0.2.0', keychainCopy: '0.5.0' });
    expect(loaded.trust.highestInstalled).toBe('0.5.0');
    expect(vaultCopy()?.highestInstalled).toBe('0.5.0');
  });

  it('treats a keychain that answers null as a missing mirror: the vault copy holds and is mirrored again', async () => {
    setBoth('0.6.0', null);
    const loaded = await loadTrustState(session, store, '0.2.0');
    expect(loaded.mirror).toBe('missing');
    expect(loaded.trust.highestInstalled).toBe('0.6.0');
    expect(JSON.parse(note()!).highestInstalled).toBe('0.6.0');
  });

  it('keeps the vault copy when the keychain is locked, and never lowers a stored version', async () => {
    setBoth('0.7.0', '0.7.0');
    store.locked = true;
    try {
      const loaded = await loadTrustState(session, store, '0.2.0');
      expect(loaded.trust.highestInstalled).toBe('0.7.0');
      expect(loaded.mirror).toBe('missing');
    } finally {
      store.locked = false;
    }
    expect(vaultCopy()?.highestInstalled).toBe('0.7.0');
    expect(JSON.parse(note()!).highestInstalled).toBe('0.7.0');
  });

  it('refuses a release below the keychain version though the vault remembers less', async () => {
    const key = generateReleaseKey();
    const dir = path.join(work, 'r060');
    await writeSignedRelease(dir, '0.6.5', key);
    setBoth('0.7.0', '0.9.0');
    session.write((ctx) =>
      session.setMeta(ctx, UPDATE_STATE_META, JSON.stringify({ highestInstalled: '0.3.0', learnedKeys: [] })),
    );
    const { trust } = await loadTrustState(session, store, '0.2.0');
    const verdict = await verifyRelease(dir, [key.publicKey], trust, new Date());
    expect(verdict.accepted ? null : verdict.refusal.code).toBe('update.rollback');
  });

  it('takes no key from the keychain: only the vault’s authenticated copy adds trusted keys', async () => {
    const planted = generateReleaseKey();
    const { trust } = await loadTrustState(session, store, '0.2.0');
    store.notes.set(
      `${vault.vaultId}:update-state`,
      JSON.stringify({ highestInstalled: trust.highestInstalled, learnedKeys: [planted.publicKey] }),
    );
    const loaded = await loadTrustState(session, store, '0.2.0');
    expect(loaded.trust.learnedKeys).not.toContain(planted.publicKey);
    // And a release signed with it is refused as by an unknown key.
    const dir = path.join(work, 'planted');
    await writeSignedRelease(dir, '9.0.0', planted);
    const verdict = await verifyRelease(dir, [generateReleaseKey().publicKey], loaded.trust, new Date());
    expect(verdict.accepted ? null : verdict.refusal.code).toBe('update.unknownKey');
    // The mirror is put back to what the vault says.
    expect(JSON.parse(note()!).learnedKeys).not.toContain(planted.publicKey);
  });

  it('learns a successor key into both copies', async () => {
    const next = generateReleaseKey().publicKey;
    const { trust } = await loadTrustState(session, store, '0.2.0');
    await learnKey(session, store, trust, next);
    const after = await loadTrustState(session, store, '0.2.0');
    expect(after.trust.learnedKeys).toContain(next);
    expect(JSON.parse(note()!).learnedKeys).toContain(next);
  });
});
