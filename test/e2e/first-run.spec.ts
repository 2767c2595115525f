import { ADMIN, confirmKit, createVault, readRecoveryKey } from './helpers';
import { readFingerprint, screenshotsAt } from './kit-helpers';
import { expectNoSeriousViolations } from './axe';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { enrolMfa, secondFactor } from './access-helpers';
import { expect, screenshot, test } from './fixtures';

test('first run: create the vault, keep the recovery kit, lock and unlock', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page).toHaveURL(/#\/setup$/);
  await expect(page.getByRole('heading', { name: '创建保险库' })).toBeVisible();
  await expect(page.getByText('至少 12 个字符，须同时包含字母和数字')).toBeVisible();
  await screenshot(page, '01-setup');

  // Key derivation takes a moment on a real machine: hold the call back to see the progress state.
  let releaseCreate = () => {};
  const createHeld = new Promise<void>((resolve) => (releaseCreate = resolve));
  await page.route('**/__harness/ipc/vault%3Acreate', async (route) => {
    await createHeld;
    await route.continue();
  });
  await createVault(page);
  await expect(page.getByRole('status')).toContainText('正在生成加密密钥');
  await expect(page.getByRole('button', { name: '正在创建保险库…' })).toBeDisabled();
  await expect(page.getByLabel('管理员用户名')).toBeDisabled();
  await screenshot(page, '01b-setup-creating');
  releaseCreate();

  // The recovery kit: 56 characters in 14 groups of 4, shown once.
  await expect(page).toHaveURL(/#\/setup\/recovery-kit$/);
  await expect(page.getByRole('heading', { name: '恢复密钥备份卡' })).toBeVisible();
  const groups = await readRecoveryKey(page);
  for (const group of groups) expect(group).toMatch(/^[A-Z0-9]{4}$/);
  const recoveryKey = groups.join('');
  expect(recoveryKey).toHaveLength(56);
  await expect(page.getByTestId('vault-id')).toHaveText(/^[0-9a-f-]{36}$/);
  // The root certificate fingerprint: two lines of eight groups of four hex digits, and what it is for.
  const fingerprint = await readFingerprint(page);
  expect(fingerprint).toHaveLength(2);
  for (const line of fingerprint) expect(line).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
  await expect(page.getByRole('group', { name: '根证书指纹' })).toHaveAccessibleDescription(
    /标识本保险库第一个管理员的证书.*在新的工作站上用恢复密钥恢复保险库时.*核对/,
  );
  await expect(page.getByRole('button', { name: '打印' })).toBeVisible();
  await expect(page.getByRole('button', { name: /复制|copy/i })).toHaveCount(0);
  const continueButton = page.getByRole('button', { name: '继续' });
  await expect(continueButton).toBeDisabled();
  await screenshot(page, '02-recovery-kit');
  await screenshotsAt(page, '02-recovery-kit');
  await expectNoSeriousViolations(page, 'recovery kit');
  // In English, the fingerprint's line says the same.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('group', { name: 'Root certificate fingerprint' })).toHaveAccessibleDescription(
    /identifies the certificate of this vault’s first admin.*new workstation, compare/,
  );
  await screenshotsAt(page, '02-recovery-kit-en');
  await page.getByText('中文', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '恢复密钥备份卡' })).toBeVisible();
  // What a printout holds: the kit sheet only, without the header, buttons or checkbox.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
  await expect(page.getByText('保管人')).toBeVisible();
  expect(await readFingerprint(page)).toEqual(fingerprint);
  await screenshot(page, '03-recovery-kit-print');
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('checkbox', { name: '我已将恢复密钥打印或抄写，并存放在安全的地方' }).check();
  await expect(continueButton).toBeEnabled();
  await continueButton.click();

  // Home: the signed-in admin, by display name and role, once they enrolled in the two-step
  // verification their role requires (nothing else is reachable before).
  await expect(page).toHaveURL(/#\/home$/);
  await expect(page.getByTestId('user-display-name')).toHaveText('王经理');
  await expect(page.getByTestId('user-role')).toHaveText('管理员');
  const mfa = await enrolMfa(page);
  await expect(page.getByText('在左侧“支付记录”中查看、筛选和录入客户的电子支付记录。')).toBeVisible();
  await screenshot(page, '04-home');

  // The key is gone: not in the page, not in storage, and its screen cannot be revisited.
  expect(await page.content()).not.toContain(groups[0]! + groups[1]!);
  // (Strings: this tsconfig has no DOM types.)
  const storage = String(await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })'));
  expect(storage).not.toContain(groups[0]);
  expect(storage).not.toContain(groups[5]);
  await page.goto(`${harness.url}#/setup/recovery-kit`);
  await expect(page).toHaveURL(/#\/home$/);
  await expect(page.getByTestId('recovery-key')).toHaveCount(0);

  // Lock: back to the unlock screen, which says the vault is locked.
  await page.getByRole('button', { name: '锁定' }).click();
  await expect(page).toHaveURL(/#\/unlock/);
  await expect(page.getByText('保险库已锁定')).toBeVisible();
  await expect(page.getByLabel('用户名')).toBeFocused();
  await screenshot(page, '05-locked');

  // A wrong password: the Chinese E_AUTH message, and the cursor back in the password field.
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码', { exact: true }).fill('Wrong-password-123');
  await page.getByRole('button', { name: '解锁' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('用户名、密码或恢复密钥不正确');
  await expect(alert).toHaveAttribute('data-code', 'E_AUTH');
  await expect(page.getByLabel('密码', { exact: true })).toBeFocused();
  await expect(page.getByLabel('密码', { exact: true })).toHaveValue('');
  await screenshot(page, '06-unlock-error');

  // The right password: the account has two-step verification, so the code comes next.
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: '解锁' }).click();
  await expect(alert).toHaveAttribute('data-code', 'E_MFA_REQUIRED');
  await expect(page.getByLabel('动态码')).toBeFocused();
  await page.getByLabel('动态码').fill(secondFactor(mfa));
  await page.getByRole('button', { name: '解锁' }).click();
  await expect(page).toHaveURL(/#\/home$/);
  await expect(page.getByTestId('user-display-name')).toHaveText('王经理');
});

test('keyboard only: create the vault, confirm the kit, lock with Ctrl+L and unlock', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: '创建保险库' })).toBeVisible();

  // Setup: the user name field has the focus; Tab walks the fields in order; Enter submits.
  await expect(page.getByLabel('管理员用户名')).toBeFocused();
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('显示名称')).toBeFocused();
  await page.keyboard.type(ADMIN.displayName);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('密码', { exact: true })).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  // Straight to the confirmation: the show-password toggle is no Tab stop (it stays clickable).
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('确认密码')).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');

  // Recovery kit: Print has the focus; Tab to the checkbox, Space ticks it, Tab to Continue, Enter.
  await expect(page).toHaveURL(/#\/setup\/recovery-kit$/);
  await readRecoveryKey(page);
  await expect(page.getByRole('button', { name: '打印' })).toBeFocused();
  await page.keyboard.press('Tab');
  const checkbox = page.getByRole('checkbox', { name: '我已将恢复密钥打印或抄写，并存放在安全的地方' });
  await expect(checkbox).toBeFocused();
  await page.keyboard.press('Space');
  await expect(checkbox).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '继续' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/#\/home$/);
  await expect(page.getByTestId('user-display-name')).toHaveText('王经理');

  // Two-step verification enrolment: the cursor waits in the code field; Enter confirms.
  await expect(page.getByRole('heading', { name: '启用两步验证' })).toBeVisible();
  // The heading shows before the core's answer: read the key only once it is there.
  await expect(page.getByTestId('mfa-secret').locator('span').first()).toBeVisible();
  const secret = (await page.getByTestId('mfa-secret').locator('span').allTextContents()).join('');
  const codes = await page.getByTestId('mfa-recovery-codes').locator('li').allTextContents();
  await expect(page.getByLabel('6 位动态码')).toBeFocused();
  const step = timeStep(new Date());
  await page.keyboard.type(totpAt(base32Decode(secret), step));
  await page.keyboard.press('Enter');
  await expect(page.getByText('在左侧“支付记录”中查看、筛选和录入客户的电子支付记录。')).toBeVisible();

  // Ctrl+L locks.
  await page.keyboard.press('Control+L');
  await expect(page).toHaveURL(/#\/unlock/);
  await expect(page.getByText('保险库已锁定')).toBeVisible();

  // Unlock: user name focused, Tab to the password, Enter submits.
  await expect(page.getByLabel('用户名')).toBeFocused();
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('密码', { exact: true })).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  // The code field appears with the cursor in it; Enter submits again.
  await expect(page.getByLabel('动态码')).toBeFocused();
  await page.keyboard.type(secondFactor({ secret, recoveryCodes: codes, lastStep: step }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/home$/);
  await expect(page.getByTestId('user-display-name')).toHaveText('王经理');
});

test('a display name that looks like HTML is shown as text, never run', async ({ page, harness, dialogs }) => {
  const hostile = '<img src=x onerror=alert(1)>';
  await page.goto(harness.url);
  await createVault(page, { ...ADMIN, displayName: hostile });
  await readRecoveryKey(page);
  await confirmKit(page);

  await expect(page.getByTestId('user-display-name')).toHaveText(hostile);
  await enrolMfa(page);
  await expect(page.getByTestId('user-display-name')).toHaveText(hostile);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // Give a would-be onerror handler time to fire.
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  await screenshot(page, '07-home-xss-display-name');
});
