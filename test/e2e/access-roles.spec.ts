/**
 * Identity and access end to end, in Chinese: the first admin is made to enrol in two-step
 * verification right after the recovery kit; they add an accountant and a manager; the manager
 * (temporary password, then MFA) adds two clients and grants the accountant one of them; the
 * accountant (temporary password; no MFA for the role) sees only that client and no staff screen.
 */
import { ADMIN, confirmKit, createVault, readRecoveryKey } from './helpers';
import {
  changeTemporaryPassword,
  createStaff,
  enrolMfa,
  lock,
  navNames,
  openNav,
  signIn,
  quietScreenshot,
} from './access-helpers';
import { inputMessage } from '../../src/shared/messages';
import { expect, test } from './fixtures';
import type { LedgerVaultApi } from '../../src/shared/contract';

const ACCOUNTANT = { username: 'lihua', displayName: '李华', password: 'Temp-pass-2024-abc', role: '会计' } as const;
const MANAGER = { username: 'zhaomin', displayName: '赵敏', password: 'Temp-pass-2024-xyz', role: '经理' } as const;
const ACCOUNTANT_OWN = 'Own-secret-pass-77';
const MANAGER_OWN = 'Manager-secret-88';

test('admin enrols MFA, adds staff; a manager grants one client; the accountant sees only it', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await page.goto(harness.url);
  await createVault(page);
  await readRecoveryKey(page);
  await confirmKit(page);

  // Straight from the recovery kit into the enrolment the admin role requires: nothing else is reachable.
  await expect(page.getByRole('heading', { name: '启用两步验证' })).toBeVisible();
  await expect(page.getByText('您的角色要求启用两步验证')).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' })).toHaveCount(0);
  await expect(page.getByTestId('user-display-name')).toHaveText('王经理');
  await expect(page.getByRole('button', { name: /^锁定/ })).toBeVisible();
  await page.goto(`${harness.url}#/users`);
  await expect(page.getByRole('heading', { name: '启用两步验证' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '员工与角色' })).toHaveCount(0);
  // A wrong code is explained, and enrolment can go on.
  await page.getByLabel('6 位动态码').fill('12345');
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByText('请输入应用中显示的 6 位数字。')).toBeVisible();
  const adminMfa = await enrolMfa(page, '20-mfa-enrol');

  // Home: the admin watches abnormal sign-ins.
  await expect(page.getByRole('heading', { name: '异常登录提醒' })).toBeVisible();
  await expect(page.getByTestId('idle-countdown')).toContainText(/将于 \d\d:\d\d 后自动锁定/);
  // (Other features add their own items; these are the ones identity and access decides.)
  expect(await navNames(page)).toEqual(
    expect.arrayContaining(['首页', '客户与授权', '员工与角色', '安全设置', '审计日志', '我的账号']),
  );

  // 员工与角色: an accountant and a manager, each with a temporary password.
  await openNav(page, '员工与角色');
  await createStaff(page, ACCOUNTANT, '21b-users-create');
  await createStaff(page, MANAGER);
  const accountantRow = page.getByRole('row').filter({ hasText: ACCOUNTANT.username });
  await expect(accountantRow).toContainText('会计');
  await expect(accountantRow).toContainText('待修改');
  await quietScreenshot(page, '21-users');

  // 客户与授权: admins do not create clients, and there is none to grant yet.
  await openNav(page, '客户与授权');
  await expect(page.getByRole('button', { name: '新建客户' })).toHaveCount(0);
  await expect(page.getByTestId('grant-matrix-empty')).toHaveText('还没有可授权的客户。');

  // The manager: temporary password, then the MFA enrolment their role requires.
  await lock(page);
  await signIn(page, MANAGER);
  await changeTemporaryPassword(page, MANAGER.password, MANAGER_OWN, '29-password-change');
  await enrolMfa(page);
  await expect(page.getByTestId('user-role')).toHaveText('经理');
  await expect(page.getByRole('heading', { name: '异常登录提醒' })).toBeVisible();
  const managerNav = await navNames(page);
  expect(managerNav).toEqual(expect.arrayContaining(['首页', '客户与授权', '审计日志', '我的账号']));
  expect(managerNav).not.toContain('员工与角色');
  expect(managerNav).not.toContain('安全设置');

  // Two clients; a bad unified social credit code is explained by the core.
  await openNav(page, '客户与授权');
  for (const name of ['甲公司', '乙公司']) {
    await page.getByRole('button', { name: '新建客户' }).click();
    const dialog = page.getByRole('dialog', { name: '新建客户' });
    await dialog.getByLabel('客户名称').fill(name);
    if (name === '乙公司') {
      await dialog.getByLabel('统一社会信用代码').fill('91350100M000100Y4');
      await dialog.getByRole('button', { name: '创建' }).click();
      await expect(dialog.getByRole('alert')).toHaveAttribute('data-code', 'E_INPUT');
      await expect(dialog.getByRole('alert')).toContainText(inputMessage('uscc.length', 'zh-CN', { count: 17 }));
      await dialog.getByLabel('统一社会信用代码').fill('');
    }
    await dialog.getByRole('button', { name: '创建' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('clients-card').getByRole('cell', { name, exact: true })).toBeVisible();
  }

  // Managers choose accountants from a list (only accountants: an admin is not offered), 只读 first,
  // then make it 可写 in the matrix.
  const matrix = page.getByTestId('grant-matrix');
  await matrix.getByRole('button', { name: '添加授权' }).click();
  const add = page.getByRole('dialog', { name: '添加授权' });
  await expect(add.getByRole('radio', { name: '只读' })).toBeChecked();
  await add.getByLabel('员工').click();
  const offered = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await expect(offered).toHaveCount(1);
  await expect(offered).not.toContainText(ADMIN.username);
  // Chosen by typing, as a keyboard user would (a click can land while the dropdown animates).
  await add.getByLabel('员工').fill(ACCOUNTANT.username);
  await expect(offered).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(
    add.getByTitle(`${ACCOUNTANT.displayName}（${ACCOUNTANT.username}） · ${ACCOUNTANT.role}`),
  ).toBeVisible();
  await add.getByLabel('客户').fill('甲公司');
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(add.getByTitle('甲公司')).toBeVisible();
  await add.getByRole('button', { name: '授权' }).click();
  await expect(add).toBeHidden();
  const jia = page.getByRole('radiogroup', { name: `${ACCOUNTANT.username} 对 甲公司 的权限` });
  const yi = page.getByRole('radiogroup', { name: `${ACCOUNTANT.username} 对 乙公司 的权限` });
  await expect(jia.getByRole('radio', { name: '只读' })).toBeChecked();
  await jia.getByText('可写').click();
  await expect(jia.getByRole('radio', { name: '可写' })).toBeChecked();
  await expect(yi.getByRole('radio', { name: '无' })).toBeChecked();
  await quietScreenshot(page, '22-grants');

  // The accountant: temporary password, no MFA for the role; only 甲公司, and no staff screen.
  await lock(page);
  await signIn(page, ACCOUNTANT);
  await changeTemporaryPassword(page, ACCOUNTANT.password, ACCOUNTANT_OWN);
  await expect(page.getByTestId('user-role')).toHaveText('会计');
  await expect(page.getByText('在左侧“支付记录”中查看、筛选和录入客户的电子支付记录。')).toBeVisible();
  await expect(page.getByRole('heading', { name: '异常登录提醒' })).toHaveCount(0);
  const names = await navNames(page);
  expect(names).toEqual(expect.arrayContaining(['首页', '客户与授权', '我的账号']));
  for (const hidden of ['员工与角色', '安全设置', '审计日志']) expect(names).not.toContain(hidden);
  await openNav(page, '客户与授权', '客户');
  const clients = page.getByTestId('clients-card');
  await expect(clients.getByRole('cell', { name: '甲公司', exact: true })).toBeVisible();
  await expect(clients.getByText('乙公司')).toHaveCount(0);
  await expect(page.getByTestId('grant-matrix')).toHaveCount(0);
  await quietScreenshot(page, '22b-clients-accountant');
  // A typed address does not open the staff screen either.
  await page.goto(`${harness.url}#/users`);
  await expect(page).toHaveURL(/#\/home$/);
  // Nor does asking the core directly, as a compromised or outdated renderer might: listing,
  // searching and exporting 乙公司 (client 2) are E_FORBIDDEN, whatever the screens show.
  const refused = await page.evaluate(async () => {
    const lv = (globalThis as unknown as { ledgervault: LedgerVaultApi }).ledgervault;
    const results = await Promise.all([
      lv.records.list({ clientId: 2 }),
      lv.records.list({ clientId: 2, text: '张三' }),
      lv.records.export({ query: { clientId: 2 }, format: 'csv' }),
    ]);
    return results.map((r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'allowed' : r.error?.code));
  });
  expect(refused).toEqual(['E_FORBIDDEN', 'E_FORBIDDEN', 'E_FORBIDDEN']);

  // The accountant's own password now works; the admin signs in with a code again.
  await lock(page);
  await signIn(page, { username: ACCOUNTANT.username, password: ACCOUNTANT_OWN });
  await lock(page);
  await signIn(page, ADMIN, adminMfa);
  await openNav(page, '员工与角色');
  await expect(page.getByRole('row').filter({ hasText: ACCOUNTANT.username })).not.toContainText('待修改');
});
