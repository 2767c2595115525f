/**
 * The campaign's vault: an admin (enrolled in MFA, used only here), a manager and an accountant
 * (MFA not required for them by the vault's settings, so a child can sign them in at any moment
 * without a second factor's clock), four clients, the first three granted to the accountant
 * for good and the fourth granted and revoked by the manager during the campaign.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setClientGrant } from '../../src/core/access/grants';
import { createClient } from '../../src/core/clients/clients';
import { ARGON2_FLOOR, createVault, unlockVault } from '../../src/core/index';
import { updateSettings } from '../../src/core/settings/settings';
import { activate, addStaff, adminSession, signIn } from '../helpers/staff';
import { ADMIN, ADMIN_PASSWORD, type TestVault } from '../helpers/test-vault';
import { FileKeyStore } from './file-keystore';
import { ACCOUNTANT, MANAGER, type CampaignState } from './protocol';

export interface CampaignVault {
  state: CampaignState;
  passwords: Map<string, string>;
}

export async function setUpCampaignVault(root: string): Promise<CampaignVault> {
  const dir = path.join(root, 'vault');
  const keychainFile = path.join(root, 'keychain.json');
  const backupRoot = path.join(root, 'backups');
  mkdirSync(backupRoot);
  const keyStore = new FileKeyStore(keychainFile);
  const created = await createVault({
    dir,
    adminUsername: ADMIN,
    adminPassword: ADMIN_PASSWORD,
    keyStore,
    kdf: ARGON2_FLOOR,
  });
  const vault: TestVault = {
    dir,
    vaultId: created.vaultId,
    recoveryKey: created.recoveryKey,
    keyStore,
    unlock: (username = ADMIN, password = ADMIN_PASSWORD) => unlockVault({ dir, username, password, keyStore }),
    cleanup: async () => {},
  };
  const { session: admin } = await adminSession(vault);
  updateSettings(admin, { mfaRequiredRoles: ['admin'] });
  const manager = await addStaff(admin, vault, 'manager', MANAGER);
  const accountant = await addStaff(admin, vault, 'accountant', ACCOUNTANT);
  admin.lock();
  await admin.anchorsWritten();
  await activate(vault, manager);
  await activate(vault, accountant);
  const s = await signIn(vault, manager);
  const clients = ['甲公司', '乙公司', '丙公司', '丁公司'].map((name) => createClient(s, { name }).id);
  for (const clientId of clients) setClientGrant(s, { username: ACCOUNTANT, clientId, canWrite: true });
  s.lock();
  await s.anchorsWritten();
  const state: CampaignState = { dir, keychainFile, backupRoot, clients, toggledClient: clients[3]! };
  writeFileSync(path.join(root, 'state.json'), JSON.stringify(state));
  return {
    state,
    passwords: new Map([
      [MANAGER, manager.password],
      [ACCOUNTANT, accountant.password],
    ]),
  };
}
