import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export const ADMIN = { username: 'wangjingli', displayName: '王经理', password: 'Zhang-an-2024-ledger' } as const;

/** Fills the setup form (Chinese labels) and submits it with the mouse. */
export async function createVault(
  page: Page,
  admin: { username: string; displayName?: string; password: string } = ADMIN,
): Promise<void> {
  await expect(page.getByRole('heading', { name: '创建保险库' })).toBeVisible();
  await page.getByLabel('管理员用户名').fill(admin.username);
  if (admin.displayName !== undefined) await page.getByLabel('显示名称').fill(admin.displayName);
  await page.getByLabel('密码', { exact: true }).fill(admin.password);
  await page.getByLabel('确认密码').fill(admin.password);
  await page.getByRole('button', { name: '创建保险库' }).click();
}

/** The recovery key groups on the kit screen, as the user sees them. */
export async function readRecoveryKey(page: Page): Promise<string[]> {
  const groups = page.getByTestId('recovery-key').locator('.lv-kit-key-group');
  await expect(groups).toHaveCount(14);
  return groups.allTextContents();
}

/** Ticks the confirmation and continues past the recovery kit (Chinese UI). */
export async function confirmKit(page: Page): Promise<void> {
  await page.getByRole('checkbox', { name: '我已将恢复密钥打印或抄写，并存放在安全的地方' }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page).toHaveURL(/#\/home$/);
}
