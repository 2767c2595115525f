import type { Locator, Page } from '@playwright/test';
import type { IpcResult } from '../../src/shared/contract';
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

/** One call through the page's `window.ledgervault`, as the renderer makes it; its value, or an error naming the code. */
export async function ipcValue<T>(page: Page, channel: string, input: unknown = {}): Promise<T> {
  const [ns, method] = channel.split(':') as [string, string];
  const result = await page.evaluate(
    async ({ ns, method, input }) => {
      type Bridge = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
      const lv = (globalThis as unknown as { ledgervault: Bridge }).ledgervault;
      return (await lv[ns]![method]!(input)) as IpcResult<T>;
    },
    { ns, method, input },
  );
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.messageKey ?? ''}`);
  return result.value;
}

/**
 * Picks the option whose text starts with `option` ("通过", not "未通过"), or is exactly `option` with `whole`, in an
 * antd Select opened from `trigger`, and waits for the list to close. Retried as a whole: on a loaded machine a click can land on a list still animating
 * open, or on the previous select's list still closing, and then selects nothing.
 */
export async function chooseOption(page: Page, trigger: Locator, option: string, whole = false): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  const exact = new RegExp(`^\\s*${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${whole ? '\\s*$' : ''}`);
  await expect(async () => {
    if ((await open.count()) === 0) await trigger.click({ timeout: 3_000 });
    await open.last().locator('.ant-select-item-option').filter({ hasText: exact }).first().click({ timeout: 3_000 });
    await expect(open).toHaveCount(0, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
}
