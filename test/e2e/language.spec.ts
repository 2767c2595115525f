import { ADMIN, readRecoveryKey } from './helpers';
import { enrolMfa } from './access-helpers';
import { expect, screenshot, test } from './fixtures';

test('switching to English shows English screens and English errors, and is remembered', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: '创建保险库' })).toBeVisible();
  await page.getByText('English', { exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Admin user name').fill(ADMIN.username);
  await page.getByLabel('Display name').fill('Manager Wang');
  await page.getByLabel('Password', { exact: true }).fill('short1');
  await page.getByLabel('Confirm password').fill('short2');
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByText('The password must have at least 12 characters.')).toBeVisible();
  await expect(page.getByText('The two passwords do not match.')).toBeVisible();
  await screenshot(page, '08-setup-en-validation');

  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create vault' }).click();

  await expect(page.getByRole('heading', { name: 'Recovery kit' })).toBeVisible();
  await readRecoveryKey(page);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'I have printed or written down the recovery key' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(/#\/home$/);
  await expect(page.getByTestId('user-display-name')).toHaveText('Manager Wang');
  await expect(page.getByTestId('user-role')).toHaveText('Admin');
  // The two-step verification enrolment admins must do first, in English too.
  await expect(page.getByText('Your role requires two-step verification')).toBeVisible();
  await enrolMfa(page, undefined, 'en');
  await expect(
    page.getByText('Open “Payment records” on the left to view, filter and enter clients’ electronic payment records.'),
  ).toBeVisible();
  await screenshot(page, '09-home-en');

  // Remembered across a reload; the only thing the app keeps in localStorage is the language.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Lock' })).toBeVisible();
  expect(await page.evaluate('Object.keys(localStorage)')).toEqual(['ledgervault.locale']);

  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByText('The vault is locked', { exact: true })).toBeVisible();
  await page.getByLabel('User name').fill(ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill('Not-the-password-1');
  await page.keyboard.press('Enter');
  // The core answers with a code only; the renderer words it in the UI's language.
  await expect(page.getByRole('alert')).toContainText('The user name, password or recovery key is not correct.');
  await screenshot(page, '10-unlock-error-en');

  // Back to Chinese with the keyboard (the switch is one radio group: arrow keys move the choice);
  // the error on screen follows.
  await page.getByRole('radio', { name: 'English' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('radio', { name: '中文' })).toBeChecked();
  await expect(page.getByRole('alert')).toContainText('用户名、密码或恢复密钥不正确。');
  await expect(page.getByRole('heading', { name: '解锁保险库' })).toBeVisible();
});
