import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { unlockVault } from '../../src/core/index';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { openVaultDatabase } from '../../src/core/vault/database';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import type { UpgradeStep } from '../../src/core/upgrade/upgrade-v2';
import { dumpBytes } from '../helpers/v1-contents';
import {
  copyFixture,
  fixture,
  fixtureUser,
  markerStrings,
  signInTime,
  signInToUpgrade,
  totpFor,
} from '../helpers/v1-fixture';

/**
 * The upgrade when version 2's page cipher is not version 1's (SQLCipher 4): `npm run bench`
 * chooses it (vault-format.ts), so the upgrade is run here with AEGIS-256 as the choice. vault.db
 * then moves to it after the scrub, the keys file names it, and a cut between the two is finished
 * by the next unlock.
 */
vi.mock('../../src/core/vault/vault-format', async (original) => ({
  ...(await original<typeof import('../../src/core/vault/vault-format')>()),
  V2_PAGE_CIPHER: 'aegis-256',
}));

const boss = fixtureUser('boss');
const dek = Buffer.from(fixture.dekHex, 'hex');

async function unlockBoss(dir: string, keyStore: ReturnType<typeof copyFixture>['keyStore']) {
  const at = signInTime();
  return unlockVault({
    dir,
    username: 'boss',
    password: boss.password,
    totp: totpFor(boss.totpSecret!, at),
    keyStore,
    now: () => at,
  });
}

function expectAegis(dir: string): void {
  expect(readKeysFile(vaultPaths(dir)).pageCipher).toBe('aegis-256');
  const file = path.join(dir, 'vault.db');
  expect(() => openVaultDatabase(file, dek, { create: false, cipher: 'sqlcipher' }).close()).toThrow(/E_INTEGRITY/);
  const db = openVaultDatabase(file, dek, { create: false, cipher: 'aegis-256' });
  try {
    const dump = dumpBytes(db);
    for (const m of markerStrings()) expect(dump.includes(Buffer.from(m, 'utf8')), m).toBe(false);
  } finally {
    db.close();
  }
  const raw = readFileSync(file);
  for (const m of markerStrings()) expect(raw.includes(Buffer.from(m, 'utf8'))).toBe(false);
}

describe('upgrading to a version-2 page cipher other than SQLCipher', () => {
  it('re-encrypts vault.db under it, names it in the keys file, and signs in through it', async () => {
    const v = copyFixture();
    try {
      const session = await unlockBoss(v.dir, v.keyStore);
      try {
        expect(verifyAudit(session)).toMatchObject({ ok: true });
      } finally {
        session.lock();
      }
      expectAegis(v.dir);
    } finally {
      v.cleanup();
    }
  });

  it('cut after the keys file was installed but before the rekey, is finished by the next unlock', async () => {
    const v = copyFixture();
    try {
      const crash = (s: UpgradeStep) => {
        if (s === 'installed') throw new Error('crash');
      };
      await expect(signInToUpgrade(v.dir, v.keyStore, 'boss', { afterStep: crash })).rejects.toThrow('crash');
      expect(readKeysFile(vaultPaths(v.dir)).pageCipher).toBe('sqlcipher');
      const session = await unlockBoss(v.dir, v.keyStore);
      session.lock();
      expectAegis(v.dir);
    } finally {
      v.cleanup();
    }
  });
});
