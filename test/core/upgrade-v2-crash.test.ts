import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unlockVault } from '../../src/core/index';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import { stagedKeysPath, type UpgradeStep } from '../../src/core/upgrade/upgrade-v2';
import {
  copyFixture,
  fixture,
  fixtureUser,
  markerStrings,
  openDirectly,
  signInTime,
  signInToUpgrade,
  totpFor,
} from '../helpers/v1-fixture';
import { dumpBytes } from '../helpers/v1-contents';
import { expectCode } from '../helpers/test-vault';

/**
 * "Interrupted at any step it resumes or stays version 1, never half" (issue 11 item 5): the
 * upgrade is cut after each of its steps, by an exception and by SIGKILL, and the vault is looked
 * at directly (version 1 or version 2, nothing between), then unlocked again by the admin.
 */
const boss = fixtureUser('boss');
const markerName = fixture.markers.clientName!.ascii;

class Crash extends Error {}

/** What vault.db says, read directly: every value plain (version 1) or every value sealed (version 2). */
function formatOnDisk(dir: string): 1 | 2 {
  const db = openDirectly(dir);
  try {
    const plain = db.prepare(`SELECT count(*) AS n FROM payment_records WHERE counterparty IS NOT NULL`).get() as {
      n: number;
    };
    const sealed = db.prepare(`SELECT count(*) AS n FROM payment_records WHERE counterparty_enc IS NOT NULL`).get() as
      { n: number } | undefined;
    const name = (db.prepare('SELECT name FROM clients WHERE id = ?').get(fixture.markerClient.id) as { name: string })
      .name;
    if (plain.n === fixture.counts.payment_records && !sealed?.n && name.includes(markerName)) return 1;
    if (plain.n === 0 && sealed?.n === fixture.counts.payment_records && name === '') return 2;
    throw new Error(`half-upgraded: ${plain.n} plain, ${sealed?.n ?? 0} sealed, client name "${name}"`);
  } catch (err) {
    // Before the version-2 migration there is no counterparty_enc column at all: version 1.
    if (err instanceof Error && /no such column: counterparty_enc/.test(err.message)) return 1;
    throw err;
  } finally {
    db.close();
  }
}

/** The admin's next unlock, with version-2 code: it settles (or upgrades) and signs in. */
async function nextUnlock(v: ReturnType<typeof copyFixture>) {
  const at = signInTime();
  const session = await unlockVault({
    dir: v.dir,
    username: 'boss',
    password: boss.password,
    totp: totpFor(boss.totpSecret!, at),
    keyStore: v.keyStore,
    now: () => at,
  });
  try {
    expect(verifyAudit(session)).toMatchObject({ ok: true });
    return { handover: session.upgradeReport };
  } finally {
    session.lock();
  }
}

function expectFinished(dir: string): void {
  expect(formatOnDisk(dir)).toBe(2);
  expect(readKeysFile(vaultPaths(dir)).version).toBe(2);
  expect(existsSync(stagedKeysPath(vaultPaths(dir)))).toBe(false);
  const db = openDirectly(dir);
  try {
    const dump = dumpBytes(db);
    for (const m of markerStrings()) expect(dump.includes(Buffer.from(m, 'utf8')), m).toBe(false);
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT value FROM vault_meta WHERE key = 'upgrade_v2_state'`).get()).toEqual({
      value: 'scrubbed',
    });
  } finally {
    db.close();
  }
}

// 'staged' is cut by SIGKILL below.
const BEFORE_COMMIT: UpgradeStep[] = ['migrated', 'writing'];
const AFTER_COMMIT: UpgradeStep[] = ['committed', 'scrubbed', 'installed', 'rekeyed'];

describe('an upgrade cut short', () => {
  it.each(BEFORE_COMMIT)(
    'after "%s" (before the commit) stays version 1, and the next admin unlock upgrades it',
    async (step) => {
      const v = copyFixture();
      try {
        const crash = (s: UpgradeStep) => {
          if (s === step) throw new Crash(s);
        };
        await expect(signInToUpgrade(v.dir, v.keyStore, 'boss', { afterStep: crash })).rejects.toBeInstanceOf(Crash);
        expect(formatOnDisk(v.dir)).toBe(1);
        expect(readKeysFile(vaultPaths(v.dir)).version).toBe(1);
        const next = await nextUnlock(v);
        expect(next.handover?.temporaryPasswords).toHaveLength(4);
        expectFinished(v.dir);
      } finally {
        v.cleanup();
      }
    },
  );

  it.each(AFTER_COMMIT)(
    'after "%s" (committed) is version 2, finished by the next unlock, which hands over the keys',
    async (step) => {
      const v = copyFixture();
      try {
        const crash = (s: UpgradeStep) => {
          if (s === step) throw new Crash(s);
        };
        await expect(signInToUpgrade(v.dir, v.keyStore, 'boss', { afterStep: crash })).rejects.toBeInstanceOf(Crash);
        expect(formatOnDisk(v.dir)).toBe(2);
        const next = await nextUnlock(v);
        // The recovery key and temporary passwords were never shown: the admin gets them now, once.
        expect(next.handover?.temporaryPasswords.map((t) => t.username).sort()).toEqual(['acc1', 'acc2', 'aud', 'mgr']);
        expectFinished(v.dir);
      } finally {
        v.cleanup();
      }
    },
  );

  it.each(['staged', 'committed'] as UpgradeStep[])(
    'by SIGKILL after "%s" leaves a vault the next admin unlock finishes',
    async (step) => {
      const v = copyFixture();
      try {
        const child = spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            path.join(__dirname, '../fixtures/upgrade-crash.ts'),
            v.dir,
            step,
            fixture.vaultId,
            fixture.deviceSecretHex,
          ],
          { encoding: 'utf8', timeout: 120_000 },
        );
        expect(child.signal, child.stderr).toBe('SIGKILL');
        expect(formatOnDisk(v.dir)).toBe(step === 'staged' ? 1 : 2);
        await nextUnlock(v);
        expectFinished(v.dir);
      } finally {
        v.cleanup();
      }
    },
  );

  it('keeps the failed sign-ins counted between the commit and the install of the new keys file', async () => {
    const v = copyFixture();
    try {
      const crash = (s: UpgradeStep) => {
        if (s === 'committed') throw new Crash(s);
      };
      await expect(signInToUpgrade(v.dir, v.keyStore, 'boss', { afterStep: crash })).rejects.toBeInstanceOf(Crash);
      const wrong = unlockVault({ dir: v.dir, username: 'acc1', password: 'Not-Her-Password-1', keyStore: v.keyStore });
      await expectCode(wrong, 'E_AUTH');
      await nextUnlock(v);
      const keys = readKeysFile(vaultPaths(v.dir));
      expect(keys.version).toBe(2);
      expect(keys.counters.acc1?.failures).toBe(1);
    } finally {
      v.cleanup();
    }
  });
});
