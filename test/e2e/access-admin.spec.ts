/**
 * The admin's screens: security settings (saved and in force), staff actions (reset password,
 * the extra permission, disable, each confirmed), abnormal sign-ins on the home screen, my
 * account (change password, enrol again), and the staff screen in English.
 */
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { inputMessage } from '../../src/shared/messages';
import { ADMIN } from './helpers';
import { createStaff, lock, openNav, setUpVault, signIn, quietScreenshot } from './access-helpers';
import { expect, test } from './fixtures';

const AUDITOR = { username: 'sunli', displayName: '孙丽', password: 'Temp-pass-2024-aud', role: '审计员' } as const;
const ADMIN_NEW = 'Zhang-an-2025-ledger';

test('settings, staff actions, abnormal sign-ins and my account', async ({ page, harness }) => {
  test.setTimeout(180_000);
  const mfa = await setUpVault(page, harness.url);

  // 安全设置: out-of-range values are explained; a save reports what changed and takes effect.
  await openNav(page, '安全设置');
  const idle = page.getByLabel('无操作多久后自动锁定');
  await expect(idle).toHaveValue('15');
  await expect(page.getByRole('checkbox', { name: '管理员' })).toBeChecked();
  await idle.fill('30');
  // No working day at all: every sign-in from now on is outside office hours.
  for (const day of ['周一', '周二', '周三', '周四', '周五', '周六']) {
    await page.getByRole('checkbox', { name: day }).uncheck();
  }
  await page.getByRole('switch', { name: '限制密码使用期限' }).click();
  await page.getByLabel('密码最长使用天数').fill('5000');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('请输入 1 到 3650 之间的整数。')).toBeVisible();
  await page.getByLabel('密码最长使用天数').fill('90');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByTestId('settings-result')).toHaveText('设置已保存：3 项已更改。');
  await expect(page.getByTestId('idle-countdown')).toContainText(/将于 (30:00|29:\d\d) 后自动锁定/);
  await quietScreenshot(page, '23-settings');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByTestId('settings-result')).toHaveText('设置没有变化。');

  // 员工与角色: an auditor; reset password (checked like any password), the extra permission, disable.
  await openNav(page, '员工与角色');
  await createStaff(page, AUDITOR);
  const row = page.getByRole('row').filter({ hasText: AUDITOR.username });
  await row.getByRole('button', { name: '重置密码' }).click();
  const reset = page.getByRole('dialog', { name: `重置 ${AUDITOR.username} 的密码` });
  await reset.getByLabel('临时密码', { exact: true }).fill('sunli-temp-2024');
  await reset.getByLabel('确认临时密码').fill('sunli-temp-2024');
  await reset.getByRole('button', { name: '设置临时密码' }).click();
  await expect(reset.getByText(inputMessage('password.tooCommon', 'zh-CN'))).toBeVisible();
  await reset.getByLabel('临时密码', { exact: true }).fill('Another-temp-2024');
  await reset.getByLabel('确认临时密码').fill('Another-temp-2024');
  await reset.getByRole('button', { name: '设置临时密码' }).click();
  await expect(reset).toBeHidden();
  await expect(page.getByText(`已为 ${AUDITOR.username} 设置临时密码。`)).toBeVisible();

  const reveal = row.getByRole('switch', { name: `允许 ${AUDITOR.username} 查看完整账号` });
  await reveal.click();
  // Granting 查看完整账号 says what it allows, and waits for a confirmation.
  await page.getByRole('dialog').getByRole('button', { name: '确认允许' }).click();
  await expect(reveal).toBeChecked();

  await row.getByRole('button', { name: '停用' }).click();
  const confirm = page.getByRole('tooltip').filter({ hasText: `停用 ${AUDITOR.username}？` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: '取消' }).click();
  await expect(row).toContainText('正常');
  await row.getByRole('button', { name: '停用' }).click();
  await confirm.getByRole('button', { name: '确认停用' }).click();
  await expect(row).toContainText('已停用');
  await expect(row.getByRole('button', { name: '停用' })).toHaveCount(0);
  // Only one's own display name can be edited here (not the role, not the password).
  const own = page.getByRole('row').filter({ hasText: ADMIN.username });
  await expect(own.getByRole('button')).toHaveText(['编辑']);

  // Signing in again outside office hours: the home screen lists it.
  await lock(page);
  await signIn(page, ADMIN, mfa);
  const signals = page.getByTestId('signals-panel');
  // Newest first: this sign-in, outside the (now empty) office hours.
  const newest = signals.getByRole('row').nth(1);
  await expect(newest).toContainText('非工作时间登录');
  await expect(newest).toContainText(ADMIN.username);
  await expect(newest).toContainText('工作时间 08:00–20:00');
  await quietScreenshot(page, '25-home-signals');

  // 我的账号: the password policy applies; change it, then sign in with the new one.
  await openNav(page, '我的账号');
  await expect(page.getByTestId('account-mfa')).toContainText('已启用');
  await page.getByLabel('当前密码').fill(ADMIN.password);
  await page.getByLabel('新密码', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('确认新密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByRole('alert')).toContainText(inputMessage('password.reused', 'zh-CN', { count: 1 }));
  // The core sent a key and its parameters, not a sentence: the reason follows a language switch.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(inputMessage('password.reused', 'en', { count: 1 }));
  await page.getByText('中文', { exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(inputMessage('password.reused', 'zh-CN', { count: 1 }));
  await page.getByLabel('当前密码').fill(ADMIN.password);
  await page.getByLabel('新密码', { exact: true }).fill(ADMIN_NEW);
  await page.getByLabel('确认新密码').fill(ADMIN_NEW);
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('密码已修改。')).toBeVisible();

  // Enrol again (a new phone): confirmed first, since it voids the unused recovery codes.
  await page.getByRole('button', { name: '重新登记' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: '继续' }).click();
  const secretBox = page.getByTestId('mfa-secret');
  await expect(secretBox).toBeVisible();
  await expect(page.getByTestId('mfa-recovery-codes').locator('li')).toHaveCount(10);
  await quietScreenshot(page, '24-account');
  const secret = (await secretBox.locator('span').allTextContents()).join('');
  expect(secret).not.toBe(mfa.secret);
  const renewed = {
    secret,
    recoveryCodes: await page.getByTestId('mfa-recovery-codes').locator('li').allTextContents(),
    lastStep: timeStep(new Date()),
  };
  await page.getByLabel('6 位动态码').fill(totpAt(base32Decode(secret), renewed.lastStep));
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByText('两步验证已启用。')).toBeVisible();
  await expect(secretBox).toHaveCount(0);

  // The new password and the new phone (or its new recovery codes).
  await lock(page);
  await signIn(page, { username: ADMIN.username, password: ADMIN_NEW }, renewed);

  // The staff screen in English.
  await page.getByText('English', { exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Staff and roles' })
    .click();
  await expect(page.getByRole('heading', { name: 'Staff and roles', level: 1 })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: AUDITOR.username })).toContainText('Disabled');
  await expect(page.getByTestId('idle-countdown')).toContainText(/^Locks automatically in \d\d:\d\d$/);
  await quietScreenshot(page, '28-users-en');
});
