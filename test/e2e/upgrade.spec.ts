/**
 * A vault of the previous release (test/fixtures/vault-v1) opened by this one, through the real
 * renderer and core: the first admin sign-in upgrades it to version 2 and shows, before anything
 * else, the new recovery kit and the other staff's temporary passwords, once; a colleague's old
 * password no longer opens it and the temporary one leads to choosing their own.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { OsKeyStore } from '../../src/core/keystore/keystore';
import type { Fixture, FixtureUser } from '../helpers/v1-fixture';
import { changeTemporaryPassword, lock } from './access-helpers';
import { expectNoSeriousViolations, expectPageStructure } from './axe';
import { expect, KEYCHAIN_SERVICE, test } from './fixtures';
import { readFingerprint, screenshotsAt } from './kit-helpers';

// Read here rather than through test/helpers/v1-fixture.ts, which needs CommonJS's __dirname.
const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/vault-v1');
const fixture = JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'fixture.json'), 'utf8')) as Fixture;
const fixtureUser = (name: string) => fixture.users.find((u) => u.username === name)!;
const totpNow = (secret: string) => totpAt(base32Decode(secret), timeStep(new Date()));

/** The harness's vault folder becomes a copy of the version-1 fixture, its device secret in the test keychain. */
async function useVersion1Vault(vaultDir: string): Promise<void> {
  mkdirSync(vaultDir, { recursive: true, mode: 0o700 });
  for (const f of ['vault.db', 'vault.keys', 'vault.pending']) {
    copyFileSync(path.join(FIXTURE_DIR, f), path.join(vaultDir, f));
  }
  await new OsKeyStore(KEYCHAIN_SERVICE).set(fixture.vaultId, Buffer.from(fixture.deviceSecretHex, 'hex'));
}

/** fixture.json lists each enrolled user's MFA recovery codes (FixtureUser does not type them). */
function recoveryCodesOf(user: FixtureUser): string[] {
  return (user as FixtureUser & { mfaRecoveryCodes: string[] }).mfaRecoveryCodes;
}

async function signInWith(page: Page, username: string, password: string, code?: string): Promise<void> {
  await expect(page.getByRole('heading', { name: '解锁保险库' })).toBeVisible();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '解锁' }).click();
  if (code) {
    await expect(page.getByLabel('动态码')).toBeFocused();
    await page.getByLabel('动态码').fill(code);
    await page.getByRole('button', { name: '解锁' }).click();
  }
}

test('the first admin sign-in upgrades a version-1 vault and hands over the new kit and temporary passwords', async ({
  page,
  harness,
}) => {
  await useVersion1Vault(harness.vaultDir);
  const boss = fixtureUser('boss');
  const others = fixture.users.filter((u) => u.status === 'active' && u.username !== boss.username);

  await page.goto(harness.url);
  await expect(page).toHaveURL(/#\/unlock/);
  await signInWith(page, boss.username, boss.password, totpNow(boss.totpSecret!));

  // Before anything else: the report, outside the app layout.
  await expect(page).toHaveURL(/#\/upgrade-report$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: '保险库已升级到第 2 版', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByTestId('old-kit-warning')).toContainText('旧的恢复密钥备份卡已不能打开此保险库');

  // The new kit: 56 characters in 14 groups (not the old kit's key), the fingerprint in two lines.
  const groups = await page.getByTestId('recovery-key').locator('.lv-kit-key-group').allTextContents();
  expect(groups).toHaveLength(14);
  for (const group of groups) expect(group).toMatch(/^[A-Z0-9]{4}$/);
  const fingerprint = await readFingerprint(page);
  expect(fingerprint).toHaveLength(2);
  for (const line of fingerprint) expect(line).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);

  // A temporary password for every other active staff member (not the disabled one), shown once.
  const table = page.getByRole('table', { name: '其他员工的临时密码' });
  await expect(table.getByRole('row')).toHaveCount(1 + others.length);
  const temporary = new Map<string, string>();
  for (const u of others) {
    const row = table.getByRole('row', { name: new RegExp(u.displayName) });
    await expect(row).toContainText(u.username);
    temporary.set(u.username, (await row.locator('.lv-upgrade-password').innerText()).trim());
  }
  await expect(table).not.toContainText('gone');
  await expect(page.getByText(/新的恢复密钥和这些临时密码只显示这一次/)).toBeVisible();
  await expectPageStructure(page, 'upgrade report (version-1 fixture)');
  await expectNoSeriousViolations(page, 'upgrade report (version-1 fixture)');
  await screenshotsAt(page, 'upgrade-v1-report');

  await page.getByRole('checkbox', { name: /我已打印或抄写新的恢复密钥/ }).check();
  await page.getByRole('checkbox', { name: /我已打印或记下所有临时密码/ }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page).toHaveURL(/#\/home$/);
  await expect(page.getByTestId('user-display-name')).toHaveText(boss.displayName);
  const storage = String(await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })'));
  expect(storage).not.toContain(groups[0]! + groups[1]!);

  // A colleague: the old password no longer opens the vault; the temporary one does, then their own.
  await lock(page);
  const acc1 = fixtureUser('acc1');
  await signInWith(page, acc1.username, acc1.password);
  await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'E_AUTH');
  await page.getByLabel('密码', { exact: true }).fill(temporary.get(acc1.username)!);
  await page.getByRole('button', { name: '解锁' }).click();
  await changeTemporaryPassword(page, temporary.get(acc1.username)!, 'Own-Zhang-After-Upgrade-8');
  await expect(page.getByTestId('user-display-name')).toHaveText(acc1.displayName);

  // The report was shown once: the admin's next sign-in goes straight home.
  await lock(page);
  await signInWith(page, boss.username, boss.password, recoveryCodesOf(boss)[9]);
  await expect(page).toHaveURL(/#\/home$/);
});
