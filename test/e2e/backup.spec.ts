/**
 * The backup screen (issue 13), in Chinese and English: the admin sets the office backup
 * passphrase (and may not export); a manager exports a backup into the folder the dialog gives
 * (the harness's `backups` folder), typing no secret, sees it verified and in the history, and the
 * file then checks out offline and opens with the passphrase.
 */
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { verifyBackupFile } from '../../src/core/backup/backup-verify';
import { confirmKit, createVault, readRecoveryKey } from './helpers';
import {
  changeTemporaryPassword,
  createStaff,
  enrolMfa,
  lock,
  openNav,
  quietScreenshot,
  signIn,
} from './access-helpers';
import { expect, test } from './fixtures';

const MANAGER = { username: 'zhaomin', displayName: '赵敏', password: 'Temp-pass-2024-xyz', role: '经理' } as const;
const MANAGER_OWN = 'Manager-secret-88';
const PASSPHRASE = 'lantern-river-42-plum-77';

test('backups: the admin sets the passphrase; a manager exports, verified, in the history; English', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await page.goto(harness.url);
  await createVault(page);
  const recoveryKey = (await readRecoveryKey(page)).join('-');
  await confirmKit(page);
  await enrolMfa(page);

  // The admin: no backup yet (amber-free warning), no export, the passphrase form.
  // The home screen already warns that there is no backup.
  await expect(page.getByTestId('backup-last')).toHaveAttribute('data-level', 'none');
  await openNav(page, '备份');
  await expect(page.getByTestId('backup-last')).toHaveAttribute('data-level', 'none');
  await expect(page.getByTestId('backup-last')).toContainText('还没有备份');
  await expect(page.getByTestId('backup-export')).toHaveCount(0);
  await expect(page.getByText('只有经理可以导出备份。')).toBeVisible();
  await expect(page.getByTestId('backup-passphrase-state')).toHaveText('未设置：备份只能用恢复密钥打开和恢复。');
  await page.getByLabel('新的备份口令').fill('short-1');
  await page.getByLabel('再次输入').fill('short-1');
  await page.getByRole('button', { name: '设置口令' }).click();
  await expect(page.getByText('备份口令至少需要 16 个字符')).toBeVisible();
  await page.getByLabel('新的备份口令').fill(PASSPHRASE);
  await page.getByLabel('再次输入').fill(PASSPHRASE);
  // The passphrase will restore as the recovery key does: setting it takes the recovery key.
  await page
    .getByTestId('backup-passphrase-recovery-key')
    .fill(recoveryKey.replace(/^\w/, (c) => (c === 'A' ? 'B' : 'A')));
  await page.getByRole('button', { name: '设置口令' }).click();
  await expect(page.getByText('恢复密钥有输入错误（校验不符）', { exact: false })).toBeVisible();
  await page.getByTestId('backup-passphrase-recovery-key').fill(recoveryKey);
  await page.getByRole('button', { name: '设置口令' }).click();
  await expect(page.getByText('备份口令已设置，此后的备份也可用它打开。')).toBeVisible();
  await expect(page.getByTestId('backup-passphrase-state')).toHaveText('已设置：新备份也可用此口令打开。');
  await quietScreenshot(page, '40-backup-admin');

  await openNav(page, '员工与角色');
  await createStaff(page, MANAGER);
  await lock(page);
  await signIn(page, MANAGER);
  await changeTemporaryPassword(page, MANAGER.password, MANAGER_OWN);
  await enrolMfa(page);

  // The manager exports: no secret asked; progress, then written and verified.
  await openNav(page, '备份');
  await expect(page.getByTestId('backup-passphrase-state')).toHaveCount(0);
  await page.getByTestId('backup-export').click();
  const done = page.getByTestId('backup-done');
  await expect(done).toContainText('备份已写入并核验通过');
  const file = ((await page.getByTestId('backup-file').textContent()) ?? '').trim();
  const backups = path.join(path.dirname(harness.vaultDir), 'backups');
  expect(path.dirname(file)).toBe(backups);
  expect(readdirSync(backups)).toEqual([path.basename(file)]);
  await expect(page.getByTestId('backup-last')).toHaveAttribute('data-level', 'green');
  await expect(page.getByTestId('backup-last')).toContainText(`由 ${MANAGER.username} 导出到 ${backups}`);
  await expect(page.getByTestId('backup-history').getByRole('row')).toHaveCount(2);
  // The harness's folder is on the vault's own disk: said plainly.
  await expect(page.getByTestId('backup-same-disk')).toContainText('与保险库在同一块磁盘上');
  await quietScreenshot(page, '41-backup-manager');
  // As a new user's laptop shows it.
  await page.setViewportSize({ width: 1366, height: 768 });
  await quietScreenshot(page, '42-backup-manager-1366x768');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The home screen says when the last verified backup was, and leads to the screen.
  await openNav(page, '首页');
  const home = page.getByTestId('backup-last');
  await expect(home).toHaveAttribute('data-level', 'green');
  await home.getByRole('link', { name: '前往备份' }).click();
  await expect(page.getByRole('heading', { name: '备份', level: 1 })).toBeVisible();

  // The file, anywhere: intact with no secret; opened with the passphrase and the recovery key.
  expect(await verifyBackupFile(file)).toMatchObject({ ok: true, signer: { username: MANAGER.username } });
  expect((await verifyBackupFile(file, { passphrase: PASSPHRASE })).contents).toMatchObject({ integrity: 'ok' });
  expect((await verifyBackupFile(file, { recoveryKey })).contents).toMatchObject({ integrity: 'ok' });

  // English.
  await page.evaluate("localStorage.setItem('ledgervault.locale', 'en')");
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Backups', level: 1 })).toBeVisible();
  await expect(page.getByTestId('backup-export')).toHaveText('Export a backup…');
  await expect(page.getByTestId('backup-last')).toContainText('Backups are up to date');
  await expect(page.getByTestId('backup-last')).toContainText(`by ${MANAGER.username} to ${backups}`);
});
