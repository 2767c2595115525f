/**
 * The upgrade report screen and the sign-in's E_INTEGRITY message, through the real renderer
 * with the answer of `vault:unlock` rewritten in flight: the real sign-in happens, then its
 * answer carries the report (or the error) the core gives on the sign-in that upgraded a
 * version-1 vault (or found an edited certificate). test/e2e/upgrade.spec.ts does it for real
 * from the version-1 fixture.
 */
import type { Page } from '@playwright/test';
import type { UpgradeReport } from '../../src/shared/contract';
import { lock, secondFactor, setUpVault, type Mfa } from './access-helpers';
import { expectNoSeriousViolations, expectPageStructure } from './axe';
import { expect, test } from './fixtures';
import { ADMIN } from './helpers';
import { readFingerprint, screenshotsAt } from './kit-helpers';

const REPORT: UpgradeReport = {
  recoveryKey: 'K7M2-Q9XD-4HTR-PW3C-8NVB-6FJY-2LSA-E5GU-KZ9R-MX4T-7QHC-3WDP-N8VJ-6BYF',
  rootFingerprint: '3f9a 0c27 b41e 88d5 6a02 f7c3 19be 5d40\ne6a1 2b9f 07c8 d354 a1e6 9f20 4cb7 83d9',
  temporaryPasswords: [
    { username: 'mgr', displayName: '李经理', password: 'Tmp-mgr-7Q4M-2X9K-8RWD' },
    { username: 'acc1', displayName: '张会计', password: 'Tmp-acc1-5N3Y-2LHC-9PZT' },
    { username: 'acc2', displayName: '陈会计', password: 'Tmp-acc2-8R5N-3Y2L-4KWM' },
    { username: 'aud', displayName: '赵审计', password: 'Tmp-aud-6BYF-7QHC-3WDP' },
  ],
};

/** The next successful `vault:unlock` answers with `upgrade` added, as the upgrading sign-in does. */
async function withUpgradeReport(page: Page, report: UpgradeReport): Promise<void> {
  await page.route('**/__harness/ipc/vault%3Aunlock', async (route) => {
    const response = await route.fetch();
    const answer = (await response.json()) as { ok: boolean; value?: object };
    if (answer.ok) answer.value = { ...answer.value, upgrade: report };
    await route.fulfill({ response, json: answer });
  });
}

async function signInAsAdmin(page: Page, mfa: Mfa): Promise<void> {
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: '解锁' }).click();
  await page.getByLabel('动态码').fill(secondFactor(mfa));
  await page.getByRole('button', { name: '解锁' }).click();
}

test('the sign-in that upgraded the vault shows the new kit and the temporary passwords first', async ({
  page,
  harness,
}) => {
  const mfa = await setUpVault(page, harness.url);
  await lock(page);
  await withUpgradeReport(page, REPORT);
  await signInAsAdmin(page, mfa);

  // Before anything else: no app layout, no navigation, the report.
  await expect(page).toHaveURL(/#\/upgrade-report$/);
  await expect(page.getByRole('heading', { name: '保险库已升级到第 2 版', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByText('每位员工现在有自己的密钥对')).toBeVisible();
  await expect(page.getByTestId('old-kit-warning')).toContainText('旧的恢复密钥备份卡已不能打开此保险库');
  await expect(page.getByTestId('old-kit-warning')).toContainText('销毁');

  // The new kit: the key in 14 groups, the fingerprint in two lines of eight groups, with its line.
  const groups = await page.getByTestId('recovery-key').locator('.lv-kit-key-group').allTextContents();
  expect(groups.join('-')).toBe(REPORT.recoveryKey);
  expect(await readFingerprint(page)).toEqual(REPORT.rootFingerprint.split('\n'));
  await expect(page.getByRole('group', { name: '根证书指纹' })).toHaveAccessibleDescription(/第一个管理员的证书/);

  // The passwords: one row per person, to hand over in person, changed at first sign-in, shown once.
  const table = page.getByRole('table', { name: '其他员工的临时密码' });
  await expect(table.getByRole('row')).toHaveCount(1 + REPORT.temporaryPasswords.length);
  for (const p of REPORT.temporaryPasswords) {
    await expect(table.getByRole('row', { name: new RegExp(p.displayName) })).toContainText(p.password);
  }
  await expect(page.getByText(/当面交给本人.*首次登录时必须改用自己的新密码/)).toBeVisible();
  await expect(page.getByText(/新的恢复密钥和这些临时密码只显示这一次/)).toBeVisible();
  await expect(page.getByRole('button', { name: '打印恢复密钥备份卡' })).toBeFocused();

  await expectPageStructure(page, 'upgrade report');
  await expectNoSeriousViolations(page, 'upgrade report');
  await screenshotsAt(page, 'upgrade-report');

  // Continue waits for both confirmations.
  const continueButton = page.getByRole('button', { name: '继续' });
  await expect(continueButton).toBeDisabled();
  await page.getByRole('checkbox', { name: /我已打印或抄写新的恢复密钥/ }).check();
  await expect(continueButton).toBeDisabled();
  await page.getByRole('checkbox', { name: /我已打印或记下所有临时密码/ }).check();
  await expect(continueButton).toBeEnabled();

  // On paper, the whole page: the kit, then the passwords with a column to sign; no buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: '打印恢复密钥备份卡' })).toBeHidden();
  await expect(page.getByRole('heading', { name: '恢复密钥备份卡（第 2 版）' })).toBeVisible();
  await expect(page.getByText('保管人')).toBeVisible();
  await expect(table.getByRole('columnheader', { name: '本人签收' })).toBeVisible();
  await screenshotsAt(page, 'upgrade-report-print');
  await page.emulateMedia({ media: 'screen' });
  await expect(table.getByRole('columnheader', { name: '本人签收' })).toBeHidden();

  // Each print button prints its own sheet only (the print dialog itself is the browser's).
  await page.evaluate('window.print = () => {}');
  await page.getByRole('button', { name: '打印临时密码表' }).click();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('recovery-key')).toBeHidden();
  await expect(table).toBeVisible();
  await screenshotsAt(page, 'upgrade-report-print-passwords');
  await page.evaluate("window.dispatchEvent(new Event('afterprint'))");
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: '打印恢复密钥备份卡' }).click();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('recovery-key')).toBeVisible();
  await expect(table).toBeHidden();
  await page.evaluate("window.dispatchEvent(new Event('afterprint'))");
  // After printing, the page prints whole again.
  await expect(table).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // English: the same report.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'The vault was upgraded to version 2' })).toBeVisible();
  await expect(page.getByTestId('old-kit-warning')).toContainText(
    'The old printed recovery kit no longer opens this vault',
  );
  await expect(page.getByText(/in person.*must choose their own new password at their first sign-in/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Temporary passwords for the other staff' })).toBeVisible();
  await expectNoSeriousViolations(page, 'upgrade report (en)');
  await screenshotsAt(page, 'upgrade-report-en');
  await page.getByText('中文', { exact: true }).click();

  await continueButton.click();
  await expect(page).toHaveURL(/#\/home$/);
  await expect(page.getByTestId('user-display-name')).toHaveText(ADMIN.displayName);

  // Gone: not in the page, not in storage, and its screen cannot be revisited.
  expect(await page.content()).not.toContain(REPORT.temporaryPasswords[0]!.password);
  const storage = String(await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })'));
  expect(storage).not.toContain('K7M2');
  expect(storage).not.toContain('Tmp-');
  await page.goto(`${harness.url}#/upgrade-report`);
  await expect(page).toHaveURL(/#\/home$/);
});

test('an upgrade with no other staff asks only about the kit', async ({ page, harness }) => {
  const mfa = await setUpVault(page, harness.url);
  await lock(page);
  await withUpgradeReport(page, { ...REPORT, temporaryPasswords: [] });
  await signInAsAdmin(page, mfa);
  await expect(page).toHaveURL(/#\/upgrade-report$/);
  await expect(page.getByText('没有其他需要临时密码的员工。')).toBeVisible();
  await expect(page.getByRole('button', { name: '打印临时密码表' })).toHaveCount(0);
  await page.getByRole('checkbox', { name: /我已打印或抄写新的恢复密钥/ }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page).toHaveURL(/#\/home$/);
});

test('an edited certificate at sign-in is named in the user’s language, not only as E_INTEGRITY', async ({
  page,
  harness,
}) => {
  await setUpVault(page, harness.url);
  await lock(page);
  // What the core answers when the users row of acc1 was edited (src/core/vault/trust.ts).
  await page.route('**/__harness/ipc/vault%3Aunlock', (route) =>
    route.fulfill({
      json: {
        ok: false,
        error: { code: 'E_INTEGRITY', messageKey: 'integrity.usersRow', params: { user: 'acc1' } },
      },
    }),
  );
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: '解锁' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toHaveAttribute('data-code', 'E_INTEGRITY');
  await expect(alert).toContainText('用户“acc1”的账号资料与其证书不符（角色或状态被直接修改），保险库未打开');
  await screenshotsAt(page, 'unlock-integrity');
  await page.getByText('English', { exact: true }).click();
  await expect(alert).toContainText('The account of “acc1” does not match their certificate');
  await expectNoSeriousViolations(page, 'unlock with an integrity error');
});
