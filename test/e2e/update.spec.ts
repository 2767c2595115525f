/**
 * The update screen (issue 15) as far as the browser harness goes: the admin opens 软件更新, the
 * folder dialog gives the harness's `to-update` folder, a signed release is verified and shown
 * with what was checked (key fingerprint, expiry, rollback, every file's SHA-512), handed to the
 * (stand-in) installer and ready to restart; a tampered release and one signed by another key are
 * refused with their reasons. zh-CN at 1366x768, screenshots in test-results/screenshots.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateReleaseKey, writeSignedRelease } from '../helpers/update-release';
import { openNav, quietScreenshot, setUpVault } from './access-helpers';
import { expectNoSeriousViolations, expectPageStructure } from './axe';
import { expect, test } from './fixtures';

const publisher = generateReleaseKey();
const stranger = generateReleaseKey();

test.use({
  viewport: { width: 1366, height: 768 },
  harnessEnv: { LEDGERVAULT_TEST_UPDATE_KEYS: publisher.publicKey },
});

async function releaseIn(folder: string, version: string, key = publisher): Promise<string> {
  rmSync(folder, { recursive: true, force: true });
  // Built elsewhere and copied in, as from a USB drive.
  const built = path.join(
    os.tmpdir(),
    `lv-e2e-release-${process.pid}-${version}-${Math.random().toString(36).slice(2)}`,
  );
  const r = await writeSignedRelease(built, version, key);
  cpSync(built, folder, { recursive: true });
  rmSync(built, { recursive: true, force: true });
  return r.installer;
}

test('updates: an admin installs a verified release from a folder; tampered and foreign releases are refused', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await setUpVault(page, harness.url);
  const folder = path.join(path.dirname(harness.vaultDir), 'to-update');

  await openNav(page, '软件更新');
  await expect(page.getByTestId('update-current')).toHaveText('harness');
  await expect(page.getByTestId('update-floor')).toHaveText('0.0.0');
  await expectPageStructure(page, '软件更新');
  await quietScreenshot(page, '70-update-start-1366x768');

  // Accepted: the signed 0.2.0 in the folder the dialog gives.
  const installer = await releaseIn(folder, '0.2.0');
  await page.getByTestId('update-from-folder').click();
  const found = page.getByTestId('update-found');
  await expect(found).toContainText('找到新版本 0.2.0');
  await expect(page.getByTestId('update-notes')).toHaveText('账安 0.2.0：修复若干问题。');
  const checks = page.getByTestId('update-checks');
  await expect(checks).toContainText('有效，发布者密钥指纹');
  await expect(checks).toContainText('内置密钥');
  await expect(checks).toContainText('0.2.0 高于本机安装过的最高版本 0.0.0');
  await expect(checks).toContainText('to-update');
  const files = page.getByTestId('update-files');
  await expect(files).toContainText(installer);
  await expect(files).toContainText('latest.yml');
  // Not measured under the pointer: antd's hover blue on a primary button is lighter than at rest.
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, '软件更新（已验证）');
  await quietScreenshot(page, '71-update-verified-1366x768');

  await page.getByTestId('update-install').click();
  await expect(page.getByTestId('update-ready')).toContainText('更新 0.2.0 已准备好，重启账安即可完成安装。');
  await quietScreenshot(page, '72-update-ready-1366x768');

  // Refused: one byte of the installer changed after signing.
  await releaseIn(folder, '0.3.0');
  const file = path.join(folder, 'LedgerVault Setup 0.3.0.exe');
  const bytes = readFileSync(file);
  bytes[200]! ^= 0x20;
  writeFileSync(file, bytes);
  await page.reload();
  await expect(page.getByRole('heading', { name: '软件更新', level: 1 })).toBeVisible();
  await page.getByTestId('update-from-folder').click();
  const refused = page.getByTestId('update-refused');
  await expect(refused).toHaveAttribute('data-refusal', 'update.fileMismatch');
  await expect(refused).toContainText('更新未通过验证，未安装');
  await expect(refused).toContainText('文件“LedgerVault Setup 0.3.0.exe”的大小或 SHA-512 与签名清单不符');
  await expect(page.getByTestId('update-found')).toHaveCount(0);
  await quietScreenshot(page, '73-update-refused-hash-1366x768');

  // Refused: signed by a key the app does not trust.
  await releaseIn(folder, '0.3.0', stranger);
  await page.getByTestId('update-from-folder').click();
  await expect(refused).toHaveAttribute('data-refusal', 'update.unknownKey');
  await expect(refused).toContainText('此更新由不受信任的密钥');
  await quietScreenshot(page, '74-update-refused-key-1366x768');

  // English: the same refusal in the other language (the error crosses as a code and a key).
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Software update', level: 1 })).toBeVisible();
  await expect(refused).toContainText('The update did not verify and was not installed');
  await expect(refused).toContainText('This update is signed by a key this workstation does not trust');
  await expect(page.getByTestId('update-from-folder')).toHaveText('Install from folder…');
  await page.getByText('中文', { exact: true }).click();

  // Every check, refusal and install is in the audit log.
  await openNav(page, '审计日志');
  await expect(page.getByText('检查更新').first()).toBeVisible();
  await expect(page.getByText('交给安装程序').first()).toBeVisible();
});
