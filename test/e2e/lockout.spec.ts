import { ADMIN, confirmKit, createVault, readRecoveryKey } from './helpers';
import { expect, test } from './fixtures';

test('repeated wrong passwords lock the account, explained in Chinese', async ({ page, harness }) => {
  await page.goto(harness.url);
  await createVault(page);
  await readRecoveryKey(page);
  await confirmKit(page);
  await page.getByRole('button', { name: '锁定' }).click();
  await expect(page.getByText('保险库已锁定')).toBeVisible();

  const alert = page.getByRole('alert');
  await page.getByLabel('用户名').fill(ADMIN.username);
  for (let attempt = 1; attempt <= 10; attempt++) {
    await page.getByLabel('密码', { exact: true }).fill(`Wrong-password-${attempt}`);
    await Promise.all([
      page.waitForResponse((response) => response.url().includes('/__harness/ipc/vault%3Aunlock')),
      page.keyboard.press('Enter'),
    ]);
    if (attempt < 10) await expect(alert).toHaveAttribute('data-code', 'E_AUTH');
  }
  await expect(alert).toHaveAttribute('data-code', 'E_LOCKED');
  await expect(alert).toContainText('该账号因多次登录失败已被锁定，请稍后再试或联系管理员解锁。');

  // Even the right password is refused while the account is locked.
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(alert).toHaveAttribute('data-code', 'E_LOCKED');
  await expect(page).toHaveURL(/#\/unlock/);
});
