/**
 * Restore (issue 13, Build 6) in the app, before anyone signs in: on a workstation that never saw
 * the vault, the first-run screen restores a backup made elsewhere (the harness's open dialog
 * gives the file); a wrong recovery key is refused in Chinese and changes nothing; the right one
 * restores, lists the staff an admin must reset, and the admin signs in with the new password and
 * sets up two-step verification again. Then, over the vault now here, restoring needs the box
 * ticked, and the old folder is kept. And a vault folder copied from elsewhere opens with the
 * recovery key, in English.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { exportBackup } from '../../src/core/backup/backup-export';
import { createClient } from '../../src/core/clients/clients';
import { addRecord } from '../../src/core/records';
import { activate, addStaff, adminSession, signIn as signInCore } from '../helpers/staff';
import { createTestVault, tempDir, type TestVault } from '../helpers/test-vault';
import { enrolMfa, quietScreenshot } from './access-helpers';
import { expectNoSeriousViolations, expectPageStructure } from './axe';
import { expect, test } from './fixtures';

const NEW_PASSWORD = 'Harbor-Mended-Pass-31';

/** A vault on "another workstation" (its own key store), with a manager's backup of it. */
async function backupFromElsewhere(): Promise<{ vault: TestVault; file: string }> {
  const vault = await createTestVault();
  const first = await adminSession(vault);
  const mgr = await addStaff(first.session, vault, 'manager', 'zhaomin');
  first.session.lock();
  await first.session.anchorsWritten();
  await activate(vault, mgr);
  const m = await signInCore(vault, mgr);
  const client = createClient(m, { name: '明达商贸有限公司' }).id;
  addRecord(m, {
    clientId: client,
    occurredAt: '2026-11-02',
    direction: 'out',
    amount: '123.45',
    counterparty: '杭州供应链',
  });
  const out = tempDir('lv-e2e-backup-');
  const made = await exportBackup(m, out, { appVersion: '0.2.0' });
  m.lock();
  await m.anchorsWritten();
  return { vault, file: made.file };
}

async function signInAdmin(page: import('@playwright/test').Page, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: '解锁保险库' })).toBeVisible();
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '解锁' }).click();
}

test('restore: a backup from elsewhere becomes this workstation’s vault; over it only when confirmed', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  const { vault, file } = await backupFromElsewhere();
  const pickDir = path.join(path.dirname(harness.vaultDir), 'to-open');
  mkdirSync(pickDir, { recursive: true });
  copyFileSync(file, path.join(pickDir, path.basename(file)));

  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: '创建保险库' })).toBeVisible();
  await page.getByTestId('to-restore').click();
  await expect(page.getByRole('heading', { name: '恢复保险库' })).toBeVisible();
  await page.getByTestId('restore-pick-backup').click();
  await expect(page.getByTestId('restore-picked')).toContainText('由 zhaomin 导出');
  await expect(page.getByTestId('restore-picked')).toContainText('结构、每个数据块和签名均完好');

  // Another vault's recovery key: refused, and nothing is written.
  const stranger = await createTestVault();
  await page.getByTestId('restore-secret').fill(stranger.recoveryKey);
  await page.getByLabel('保留管理员权限的账号').fill('admin');
  await page.getByLabel('该管理员的新密码').fill(NEW_PASSWORD);
  await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: '恢复备份' }).click();
  await expect(page.locator('[data-code="E_AUTH"]')).toBeVisible();
  expect(existsSync(path.join(harness.vaultDir, 'vault.keys'))).toBe(false);
  await stranger.cleanup();

  await page.getByTestId('restore-secret').fill(vault.recoveryKey.toLowerCase());
  await expectPageStructure(page, 'restore');
  await expectNoSeriousViolations(page, 'restore');
  await quietScreenshot(page, '43-restore-backup');
  await page.getByRole('button', { name: '恢复备份' }).click();
  await expect(page.getByTestId('restore-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('restore-needs-reset')).toContainText('zhaomin');
  await expectNoSeriousViolations(page, 'restore-done');
  await quietScreenshot(page, '44-restore-done');
  await page.getByRole('button', { name: '去登录' }).click();
  await signInAdmin(page, NEW_PASSWORD);
  // The restored admin's two-step secret went with the old identity: enrol again, then home.
  await enrolMfa(page);
  await expect(page).toHaveURL(/#\/home$/);
  await page.getByRole('button', { name: /^锁定/ }).click();
  await expect(page.getByRole('heading', { name: '解锁保险库' })).toBeVisible();

  // Over the vault now here: from the sign-in screen, and only with the box ticked.
  await page.getByTestId('to-restore').click();
  await page.getByTestId('restore-pick-backup').click();
  await page.getByTestId('restore-secret').fill(vault.recoveryKey);
  await page.getByLabel('保留管理员权限的账号').fill('admin');
  await page.getByLabel('该管理员的新密码').fill(`${NEW_PASSWORD}-2`);
  await page.getByLabel('确认新密码').fill(`${NEW_PASSWORD}-2`);
  await page.getByRole('button', { name: '恢复备份' }).click();
  await expect(page.getByText('请勾选确认后再恢复。')).toBeVisible();
  await page.getByTestId('restore-replace').check();
  await page.getByRole('button', { name: '恢复备份' }).click();
  await expect(page.getByTestId('restore-done')).toContainText('原保险库文件夹完整保留在');
  const aside = readdirSync(path.dirname(harness.vaultDir)).filter((n) => n.startsWith('vault.before-restore-'));
  expect(aside).toHaveLength(1);
  await vault.cleanup();
});

test('restore: a vault folder copied from elsewhere opens with the recovery key (English)', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  const { vault } = await backupFromElsewhere();
  cpSync(vault.dir, path.join(path.dirname(harness.vaultDir), 'to-open-vault'), { recursive: true });
  await page.goto(harness.url);
  await page.getByText('English', { exact: true }).click();
  await page.getByTestId('to-restore').click();
  await expect(page.getByRole('heading', { name: 'Restore the vault' })).toBeVisible();
  await page.getByText('With the recovery key', { exact: true }).click();
  await page.getByTestId('restore-pick-folder').click();
  await expect(page.getByTestId('restore-folder')).toContainText(vault.vaultId);
  await page.getByTestId('restore-secret').fill(vault.recoveryKey);
  await page.getByLabel('Account that keeps admin rights').fill('admin');
  await page.getByLabel("That admin's new password").fill(NEW_PASSWORD);
  await page.getByLabel('Confirm the new password').fill(NEW_PASSWORD);
  await quietScreenshot(page, '45-restore-folder-en');
  await page.getByRole('button', { name: 'Open vault' }).click();
  await expect(page.getByTestId('restore-done')).toContainText('Vault opened with the recovery key');
  await expect(page.getByTestId('restore-needs-reset')).toContainText('zhaomin');
  // The original folder is as it was: copied, not moved.
  expect(existsSync(path.join(vault.dir, 'vault.keys'))).toBe(true);
  await vault.cleanup();
});
