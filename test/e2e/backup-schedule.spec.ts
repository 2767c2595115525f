/**
 * Scheduled backups, removable drives and verifying a backup file in the app (issue 13, Builds 3-5),
 * in Chinese and English: an admin turns the daily backup on in the security settings and picks its
 * folder through the (harness's) folder dialog; the manager who signs in next gets the backup that
 * was missed, at sign-in; the backup screen lists a removable drive (the harness's stand-in) and
 * exports onto it by the drive's id; a backup file picked in the open dialog checks out intact and
 * signed by the office, and a damaged copy is refused naming the chunk.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN, confirmKit, createVault, ipcValue, readRecoveryKey } from './helpers';
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
import type { BackupStatusView } from '../../src/shared/contract';

const MANAGER = { username: 'liuqian', displayName: '刘倩', password: 'Temp-pass-2024-abc', role: '经理' } as const;
const MANAGER_OWN = 'Manager-secret-77';
/** The harness's stand-in for a USB stick: a folder the core is told is a removable drive. */
const USB = path.join(os.tmpdir(), `lv-e2e-usb-${process.pid}`);

test.use({
  harnessEnv: {
    LEDGERVAULT_TEST_DRIVES: JSON.stringify([
      { id: 'usb-1', label: '财务U盘', mountPoint: USB, sizeBytes: 32 * 2 ** 30, freeBytes: 27.5 * 2 ** 30 },
    ]),
  },
});

test.afterAll(() => rmSync(USB, { recursive: true, force: true }));

test('a missed daily backup runs at a manager’s sign-in; drives; verify a file; English', async ({ page, harness }) => {
  test.setTimeout(240_000);
  mkdirSync(USB, { recursive: true });
  const backups = path.join(path.dirname(harness.vaultDir), 'backups');
  const pick = path.join(path.dirname(harness.vaultDir), 'to-open');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(harness.url);
  await createVault(page);
  await readRecoveryKey(page);
  await confirmKit(page);
  const adminMfa = await enrolMfa(page);

  // The manager exists and has signed in once, before any schedule.
  await openNav(page, '员工与角色');
  await createStaff(page, MANAGER);
  await lock(page);
  await signIn(page, MANAGER);
  await changeTemporaryPassword(page, MANAGER.password, MANAGER_OWN);
  const managerMfa = await enrolMfa(page);
  await lock(page);

  // The admin turns the daily backup on: the folder only through the folder dialog.
  await signIn(page, ADMIN, adminMfa);
  await openNav(page, '安全设置');
  await expect(page.getByTestId('backup-schedule-folder')).toHaveText('尚未选择');
  await expect(page.getByText('仅在经理登录期间运行（管理员没有导出备份的权限）')).toBeVisible();
  await page.getByRole('switch', { name: '开启定时备份' }).click();
  await page.getByTestId('backup-schedule-choose').click();
  await expect(page.getByTestId('backup-schedule-folder')).toHaveText(backups);
  await page.getByLabel('多少天没有新备份时标黄').fill('3');
  await page.getByLabel('多少天没有新备份时标红').fill('10');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByTestId('settings-result')).toContainText('设置已保存');
  await page.getByTestId('backup-schedule-folder').scrollIntoViewIfNeeded();
  await quietScreenshot(page, '45-backup-schedule-settings-1366x768');
  // An admin cannot export, so nothing runs in this session.
  expect(readdirSync(backups)).toEqual([]);
  await lock(page);

  // The manager signs in: the day's backup was missed (nobody was signed in at its time), so it runs now.
  await signIn(page, { ...MANAGER, password: MANAGER_OWN }, managerMfa);
  await expect
    .poll(async () => (await ipcValue<BackupStatusView>(page, 'backup:status')).history.map((b) => b.kind), {
      timeout: 60_000,
    })
    .toEqual(['scheduled']);
  expect(readdirSync(backups)).toHaveLength(1);
  const scheduledFile = path.join(backups, readdirSync(backups)[0]!);

  await openNav(page, '备份');
  await expect(page.getByTestId('backup-last')).toHaveAttribute('data-level', 'green');
  await expect(page.getByTestId('backup-schedule')).toContainText(`备份到 ${backups}`);
  await expect(page.getByTestId('backup-schedule')).toContainText('仅在经理登录期间运行');
  const history = page.getByTestId('backup-history');
  await expect(history.getByRole('row').nth(1)).toContainText('定时');

  // A removable drive, listed with its free space; "export here" sends its id, the core finds the path.
  const drive = page.getByTestId('backup-drive');
  await expect(drive).toContainText('财务U盘');
  await expect(drive).toContainText(USB);
  await expect(drive).toContainText('可用 27.5 GB，共 32.0 GB');
  await drive.getByRole('button', { name: '导出到此处' }).click();
  await expect(page.getByTestId('backup-done')).toContainText('备份已写入并核验通过');
  expect(readdirSync(USB).filter((f) => f.endsWith('.lvbak'))).toHaveLength(1);
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1)).toContainText('手动');

  // Verify a backup file: intact, made when, by whom, signed by a member of this office.
  mkdirSync(pick, { recursive: true });
  copyFileSync(scheduledFile, path.join(pick, 'copy.lvbak'));
  await page.getByTestId('backup-verify').click();
  const ok = page.getByTestId('backup-verify-ok');
  await expect(ok).toContainText('备份完好：copy.lvbak');
  await expect(ok).toContainText(MANAGER.username);
  await expect(page.getByTestId('backup-verify-signer')).toHaveText('签名人由本办公室认证');
  await ok.scrollIntoViewIfNeeded();
  await quietScreenshot(page, '46-backup-drives-verify-1366x768');

  // A damaged copy: refused, naming the chunk.
  const bytes = readFileSync(scheduledFile);
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  writeFileSync(path.join(pick, 'damaged.lvbak'), bytes);
  await page.getByTestId('backup-verify').click();
  const failed = page.getByTestId('backup-verify-failed');
  await expect(failed).toContainText('备份校验未通过');
  await expect(failed).toContainText(/第 \d+ 个数据块已损坏/);
  await failed.scrollIntoViewIfNeeded();
  await quietScreenshot(page, '47-backup-verify-damaged-1366x768');

  // English.
  await page.evaluate("localStorage.setItem('ledgervault.locale', 'en')");
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Backups', level: 1 })).toBeVisible();
  await expect(page.getByTestId('backup-schedule')).toContainText('It runs only while a manager is signed in');
  await expect(page.getByTestId('backup-drive').getByRole('button', { name: 'Export here' })).toBeVisible();
  await expect(page.getByTestId('backup-verify')).toHaveText('Verify a backup file…');
  await expect(history.getByRole('row').nth(2)).toContainText('Scheduled');
  await quietScreenshot(page, '48-backup-page-en-1366x768');
});
