/**
 * The home screen by role (issue 10 item 9, and item 8's abnormal sign-ins on the admin's home):
 * an accountant's granted clients with this month's figures and her recent work; a manager's
 * idle clients and the last 30 days' reveals and exports; an admin's sign-in alerts (a lockout
 * included), locked accounts and MFA coverage. The office is set up through the harness bridge
 * (`window.ledgervault`), then each person's home is opened as they would see it.
 */
import type { Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { IpcResult, MfaEnrolment } from '../../src/shared/contract';
import { shanghaiDate } from '../../src/shared/time';
import { expect, test, type HarnessProcess } from './fixtures';
import { ADMIN } from './helpers';

const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots');
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

async function ipc<T = unknown>(page: Page, channel: string, input: unknown = {}): Promise<IpcResult<T>> {
  const [ns, method] = channel.split(':') as [string, string];
  return page.evaluate(
    async ({ ns, method, input }) => {
      type Bridge = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
      const lv = (globalThis as unknown as { ledgervault: Bridge }).ledgervault;
      return (await lv[ns]![method]!(input)) as IpcResult<T>;
    },
    { ns, method, input },
  );
}

async function call<T = unknown>(page: Page, channel: string, input: unknown = {}): Promise<T> {
  const result = await ipc<T>(page, channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.messageKey ?? ''}`);
  return result.value;
}

/** Enrols the signed-in user in two-step verification; returns recovery codes for later sign-ins. */
async function enrol(page: Page): Promise<string[]> {
  const enrolment = await call<MfaEnrolment>(page, 'account:mfaBegin');
  await call(page, 'account:mfaConfirm', { code: totpAt(base32Decode(enrolment.secret), timeStep(new Date())) });
  return [...enrolment.recoveryCodes];
}

/** Both window sizes the issue names, the window only (the home screen scrolls within it). */
async function shots(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${size.width}.png`), fullPage: true });
  }
  await page.setViewportSize(SIZES[0]);
}

async function openHome(page: Page, harness: HarnessProcess): Promise<void> {
  await page.goto(`${harness.url}#/home`);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '首页' })).toBeVisible();
}

const MANAGER = { username: 'lijingli', temp: 'Linshi-2024-jingli', password: 'Jingli-own-2024' };
const CHEN = { username: 'chenkuaiji', temp: 'Linshi-2024-kuaiji', password: 'Kuaiji-own-2024' };

test('home screen by role: accountant, manager, admin', async ({ page, harness }) => {
  test.setTimeout(120_000);
  const today = shanghaiDate();
  await page.setViewportSize(SIZES[0]);
  await page.goto(harness.url);
  await expect(page).toHaveURL(/#\/setup$/);
  await call(page, 'vault:create', {
    adminUsername: ADMIN.username,
    adminDisplayName: ADMIN.displayName,
    password: ADMIN.password,
  });
  await call(page, 'vault:lock');
  await call(page, 'vault:unlock', { username: ADMIN.username, password: ADMIN.password });
  const adminCodes = await enrol(page);
  await call(page, 'settings:update', { lockoutThreshold: 3 });
  await call(page, 'users:create', {
    username: MANAGER.username,
    displayName: '李经理',
    role: 'manager',
    password: MANAGER.temp,
  });
  await call(page, 'users:create', {
    username: CHEN.username,
    displayName: '陈会计',
    role: 'accountant',
    password: CHEN.temp,
  });
  await call(page, 'users:create', {
    username: 'zhaokuaiji',
    displayName: '赵会计',
    role: 'accountant',
    password: 'Linshi-2024-zhao',
  });
  await call(page, 'vault:lock');

  // The manager sets up clients, grants one to 陈会计, and looks at a full account number.
  await call(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.temp });
  await call(page, 'account:changePassword', { currentPassword: MANAGER.temp, newPassword: MANAGER.password });
  const managerCodes = await enrol(page);
  const mingda = (await call<{ id: number }>(page, 'clients:create', { name: '杭州明达贸易有限公司' })).id;
  const hongyuan = (await call<{ id: number }>(page, 'clients:create', { name: '宁波宏远科技有限公司' })).id;
  await call(page, 'clients:create', { name: '温州新开餐饮有限公司' });
  await call(page, 'grants:set', { username: CHEN.username, clientId: mingda, canWrite: true });
  const other = await call<{ id: number }>(page, 'records:add', {
    clientId: hongyuan,
    occurredAt: today,
    direction: 'in',
    amount: '8888.00',
    counterparty: '别家客户',
    counterpartyAccount: '6222020200112233445',
  });
  await call(page, 'records:reveal', { id: other.id, reason: '核对银行对账单' });
  await call(page, 'vault:lock');

  // 陈会计 enters two records for her client.
  await call(page, 'vault:unlock', { username: CHEN.username, password: CHEN.temp });
  await call(page, 'account:changePassword', { currentPassword: CHEN.temp, newPassword: CHEN.password });
  for (const [direction, amount, counterparty] of [
    ['in', '1200.00', '杭州客户甲'],
    ['out', '350.50', '供应商乙'],
  ] as const)
    await call(page, 'records:add', { clientId: mingda, occurredAt: today, direction, amount, counterparty });

  // Accountant: her client only, this month's count and totals, her recent work.
  await openHome(page, harness);
  const home = page.getByTestId('home');
  await expect(home).toHaveAttribute('data-role', 'accountant');
  const clients = page.getByTestId('home-clients');
  const row = clients.getByRole('row').filter({ hasText: '杭州明达贸易有限公司' });
  await expect(row).toContainText('2');
  await expect(row).toContainText('1,200.00');
  await expect(row).toContainText('350.50');
  await expect(row).toContainText('849.50');
  await expect(clients).not.toContainText('宁波宏远');
  const recent = page.getByTestId('home-recent');
  await expect(recent.getByRole('row')).toHaveCount(3);
  await expect(recent).toContainText('供应商乙');
  await expect(recent).toContainText('录入');
  await expect(page.getByRole('heading', { name: '异常登录提醒' })).toHaveCount(0);
  await shots(page, '60-home-accountant');
  await call(page, 'vault:lock');

  // Three wrong passwords lock 赵会计 out.
  for (const wrong of ['Wrong-pass-1111', 'Wrong-pass-2222', 'Wrong-pass-3333']) {
    const r = await ipc(page, 'vault:unlock', { username: 'zhaokuaiji', password: wrong });
    expect(r.ok).toBe(false);
  }

  // Manager: the client nobody entered anything for, and who saw a full account and why.
  await call(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.password, totp: managerCodes[0] });
  await openHome(page, harness);
  const idle = page.getByTestId('home-idle');
  await expect(idle.getByRole('heading', { name: '近 30 天没有记录的客户' })).toBeVisible();
  await expect(idle).toContainText('温州新开餐饮有限公司');
  await expect(idle).toContainText('从未录入');
  await expect(idle).not.toContainText('杭州明达');
  const disclosures = page.getByTestId('home-disclosures');
  const reveal = disclosures.getByRole('row').filter({ hasText: '查看完整账号' });
  await expect(reveal).toContainText(MANAGER.username);
  await expect(reveal).toContainText('宁波宏远科技有限公司');
  await expect(reveal).toContainText('核对银行对账单');
  await expect(page.getByRole('heading', { name: '异常登录提醒' })).toBeVisible();
  await shots(page, '61-home-manager');
  await call(page, 'vault:lock');

  // Admin: the lockout among the alerts, the locked account, MFA coverage by role.
  await call(page, 'vault:unlock', { username: ADMIN.username, password: ADMIN.password, totp: adminCodes[0] });
  await openHome(page, harness);
  const alerts = page.getByTestId('signals-panel');
  const lockout = alerts.getByRole('row').filter({ hasText: '账号被锁定' });
  await expect(lockout).toContainText('zhaokuaiji');
  await expect(lockout).toContainText('连续失败 3 次');
  await expect(page.getByTestId('home-locked')).toContainText('赵会计（zhaokuaiji）');
  const mfa = page.getByTestId('home-mfa');
  await expect(mfa.getByRole('row').filter({ hasText: '管理员' })).toContainText('1 / 1');
  await expect(mfa.getByRole('row').filter({ hasText: '会计' })).toContainText('0 / 2');
  await shots(page, '62-home-admin');
});
