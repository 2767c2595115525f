/**
 * The fuzz targets for the vault's own files (issue 16 item 3): the backup reader, the keys-file
 * parser, the pending-file parser and the update manifest verifier. Their seeds are real files
 * made for the run (a vault with a manager, a backup of it, three failed sign-ins in its pending
 * file, a signed release manifest), so the mutated cases start from what the app writes; a
 * failing case's bytes are kept on disk (campaign.ts), as the seeds are not committed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportBackup } from '../../src/core/backup/backup-export';
import { createClient } from '../../src/core/clients/clients';
import { unlockVault } from '../../src/core/index';
import { addRecord } from '../../src/core/records';
import { generateReleaseKey } from '../../src/core/update';
import { MANIFEST_NAME } from '../../src/core/update/manifest';
import { canonicalJson } from '../../src/core/crypto/canonical-json';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import { parsePendingText } from '../../src/core/vault/pending-events';
import { updateSettings } from '../../src/core/settings/settings';
import { activate, addStaff, adminSession } from '../helpers/staff';
import { createTestVault } from '../helpers/test-vault';
import { writeSignedRelease } from '../helpers/update-release';
import { FileKeyStore } from '../torture/file-keystore';
import type { CampaignTarget } from './campaign';
import { BACKUP, JSON_FILE, JSON_LINES } from './file-mutators';

const CHECKS = path.join(import.meta.dirname, 'file-targets.ts');
export const FILE_TARGETS = ['backup', 'keys-file', 'pending-file', 'update-manifest'] as const;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export interface FileSeeds {
  targets: CampaignTarget[];
  /** Removes the vault and files the seeds came from (the children read the vault's files). */
  cleanup(): Promise<void>;
}

/** `pipelineEvery`: every n-th backup case is opened with the recovery key, every n-th keys case unlocks a vault. */
export async function fileTargets(pipelineEvery = 20, module = CHECKS): Promise<FileSeeds> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lv-fuzz-files-'));
  let removeVault = async () => {};
  try {
    const keychainFile = path.join(root, 'keychain.json');
    const vault = await createTestVault({ keyStore: new FileKeyStore(keychainFile) });
    removeVault = () => vault.cleanup();
    // MFA for admins only: the keys-file cases sign the manager in without a second factor's clock.
    const { session: admin } = await adminSession(vault);
    updateSettings(admin, { mfaRequiredRoles: ['admin'] });
    const manager = await addStaff(admin, vault, 'manager', 'fuzzmgr');
    admin.lock();
    await admin.anchorsWritten();
    await activate(vault, manager);
    const s = await unlockVault({
      dir: vault.dir,
      username: manager.username,
      password: manager.password,
      keyStore: vault.keyStore,
    });
    const clientId = createClient(s, { name: '模糊测试客户' }).id;
    for (let i = 0; i < 5; i += 1)
      addRecord(s, {
        clientId,
        occurredAt: '2024-05-01',
        direction: 'out',
        amount: `${i + 1}.00`,
        counterparty: `对方${i}`,
      });
    const folder = path.join(root, 'backups');
    mkdirSync(folder);
    const made = await exportBackup(s, folder, { appVersion: '1.0.0' });
    s.lock();
    await s.anchorsWritten();
    for (const password of ['wrong-1', 'wrong-2', 'wrong-3'])
      await unlockVault({ dir: vault.dir, username: manager.username, password, keyStore: vault.keyStore }).catch(
        () => undefined,
      );
    const paths = vaultPaths(vault.dir);
    const deviceSecret = (await vault.keyStore.get(vault.vaultId))!.toString('base64');
    const release = await generateReleaseKey();
    const releaseDir = path.join(root, 'release');
    await writeSignedRelease(releaseDir, '2.0.0', release);
    release.privateKey.fill(0);

    const backup = readFileSync(made.file);
    const keys = readFileSync(paths.keys);
    const pending = readFileSync(paths.pending);
    const manifest = readFileSync(path.join(releaseDir, MANIFEST_NAME));
    const vaultMeta = { vaultId: vault.vaultId, deviceSecret };
    const expected = {
      keys: canonicalJson(readKeysFile(paths)),
      pending: parsePendingText(
        pending.toString('utf8'),
        Buffer.from(deviceSecret, 'base64'),
        vault.vaultId,
      ).events.map((e) => canonicalJson(e)),
      signed: canonicalJson((JSON.parse(manifest.toString('utf8')) as { signed: unknown }).signed),
    };
    if (expected.pending.length !== 3) throw new Error(`expected 3 pending lines, got ${expected.pending.length}`);
    const target = (
      name: string,
      bytes: Buffer,
      meta: Record<string, unknown>,
      mutators: CampaignTarget['mutators'],
    ) => ({
      name,
      module,
      check: name,
      seeds: [{ name: `generated ${name}`, bytes, meta: { ...meta, sha256: sha(bytes) } }],
      mutators,
      pipelineEvery,
    });
    return {
      targets: [
        target('backup', backup, { recoveryKey: vault.recoveryKey }, BACKUP),
        target(
          'keys-file',
          keys,
          {
            ...vaultMeta,
            vaultDir: vault.dir,
            keychainFile,
            username: manager.username,
            password: manager.password,
            expected: expected.keys,
          },
          JSON_FILE,
        ),
        target('pending-file', pending, { ...vaultMeta, expected: expected.pending }, JSON_LINES),
        target('update-manifest', manifest, { publicKey: release.publicKey, expected: expected.signed }, JSON_FILE),
      ],
      cleanup: async () => {
        await removeVault();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await removeVault();
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
}
