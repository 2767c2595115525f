/**
 * Signing in with two-step verification on the unlock screen, in Chinese and by keyboard: the
 * core answers E_MFA_REQUIRED, the screen asks for the code (keeping user name and password),
 * a wrong code is refused, a recovery code works once.
 */
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { ADMIN } from './helpers';
import { lock, setUpVault } from './access-helpers';
import { expect, screenshot, test } from './fixtures';

/** A 6-digit code that is none of the ones the core would accept now. */
function wrongCode(secret: string): string {
  const key = base32Decode(secret);
  const step = timeStep(new Date());
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totpAt(key, step + d)));
  for (let n = 0; ; n++) {
    const code = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

test('E_MFA_REQUIRED asks for the 动态码; a wrong code is refused; a recovery code works once', async ({
  page,
  harness,
}) => {
  const mfa = await setUpVault(page, harness.url);
  await lock(page);

  const alert = page.getByRole('alert');
  const code = page.getByLabel('动态码');
  await expect(code).toHaveCount(0);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.keyboard.press('Enter');

  await expect(alert).toHaveAttribute('data-code', 'E_MFA_REQUIRED');
  await expect(alert).toContainText('需要两步验证');
  await expect(alert).toContainText('此账号已启用两步验证，请输入身份验证器应用中的 6 位动态码（或一个恢复码）。');
  await expect(code).toBeFocused();
  await expect(page.getByText('身份验证器应用中显示的 6 位数字；手机不在身边时，可输入一个恢复码')).toBeVisible();
  await expect(page.getByLabel('用户名')).toHaveValue(ADMIN.username);
  await expect(page.getByLabel('密码', { exact: true })).toHaveValue(ADMIN.password);
  await screenshot(page, '27-unlock-mfa');

  // Not a code at all: explained before anything is sent.
  await code.fill('12ab');
  await page.keyboard.press('Enter');
  await expect(page.getByText('请输入 6 位数字，或 ABCDE-FGHJK 格式的恢复码。')).toBeVisible();

  // A wrong code: refused by the core; the field is emptied for another try.
  await code.fill(wrongCode(mfa.secret));
  await page.keyboard.press('Enter');
  await expect(alert).toHaveAttribute('data-code', 'E_AUTH');
  await expect(code).toHaveValue('');
  await expect(code).toBeFocused();

  // A recovery code, typed in lower case without the dash.
  const recovery = mfa.recoveryCodes[0]!;
  await code.fill(recovery.replace('-', '').toLowerCase());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/home$/);
  await expect(page.getByTestId('user-display-name')).toHaveText(ADMIN.displayName);

  // The same recovery code does not work twice.
  await lock(page);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(code).toBeFocused();
  await code.fill(recovery);
  await page.keyboard.press('Enter');
  await expect(alert).toHaveAttribute('data-code', 'E_AUTH');
  await expect(page).toHaveURL(/#\/unlock/);
});
