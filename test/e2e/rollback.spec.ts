/**
 * A vault folder put back from an earlier copy (audit v2, issue 12), through the unlock screen in
 * Chinese: the sign-in refuses the older folder (integrity.rolledBack); an accountant cannot accept
 * it (E_FORBIDDEN); the admin accepts it as a deliberate restore after a confirmation (giving a
 * new code when the first has gone stale), and the audit log lists the acceptance
 * (audit.rollback_accepted).
 *
 * The folder is swapped from the test while the harness runs, with the vault locked: a locked
 * AppService holds nothing open in the folder (lock() writes the close seal and closes the
 * database), so this is what a person restoring a copy does with the app on the unlock screen.
 * The keychain (the test service) keeps the newer anchor, which is what makes the copy "older".
 */
import { cpSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { createStaff, lock, openNav, secondFactor, setUpVault, signIn } from './access-helpers';
import { expect, test } from './fixtures';
import { ADMIN } from './helpers';

const ACCOUNTANT = { username: 'lihua', displayName: '李华', password: 'Temp-pass-2024-abc', role: '会计' } as const;
const SHOTS = '/tmp/shots';
const ACCEPT = '这是有意的恢复：接受回滚（仅限管理员）';

test.use({ viewport: { width: 1366, height: 768 } });

/** The window as the user sees it (not the full page), after antd's transitions settle. */
async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Fills the unlock form and submits it, without a second factor. */
async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: '解锁保险库' })).toBeVisible();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '解锁', exact: true }).click();
}

/** A 6-digit code that is none of the ones the core would accept now. */
function wrongCode(secret: string): string {
  const key = base32Decode(secret);
  const step = timeStep(new Date());
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totpAt(key, step + d)));
  for (let n = 0; ; n++) {
    const candidate = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

/** The open confirmation (antd Modal.confirm), by its content. */
function confirmation(page: Page) {
  return page.getByRole('dialog').filter({ has: page.getByTestId('rollback-confirm') });
}

test('an older vault folder is refused at sign-in; only an admin accepts it, and the audit log says so', async ({
  page,
  harness,
}) => {
  // Several Argon2id sign-ins and screens through the harness: slow on a busy two-core machine.
  test.setTimeout(180_000);
  const mfa = await setUpVault(page, harness.url);
  // Someone who may sign in but not accept a rollback, present in the earlier copy.
  await openNav(page, '员工与角色');
  await createStaff(page, ACCOUNTANT);
  await lock(page);

  // The earlier copy: the whole folder, taken while the vault is locked.
  const earlier = path.join(path.dirname(harness.vaultDir), 'vault-earlier');
  cpSync(harness.vaultDir, earlier, { recursive: true });

  // A later session that the copy does not have: it seals the log and the keychain keeps its anchor.
  await signIn(page, ADMIN, mfa);
  await openNav(page, '审计日志');
  await lock(page);

  // The earlier copy put back in place of the whole folder.
  rmSync(harness.vaultDir, { recursive: true, force: true });
  cpSync(earlier, harness.vaultDir, { recursive: true });

  // The accountant's sign-in is refused for the older folder, and so is their acceptance.
  const alert = page.getByRole('alert');
  await submitSignIn(page, ACCOUNTANT.username, ACCOUNTANT.password);
  await expect(alert).toHaveAttribute('data-code', 'E_INTEGRITY');
  await expect(alert).toContainText('无法解锁');
  await expect(alert).toContainText('保险库文件夹被替换为旧副本');
  await page.getByRole('button', { name: ACCEPT }).click();
  await expect(confirmation(page)).toBeVisible();
  await confirmation(page).getByRole('button', { name: '接受回滚并解锁' }).click();
  await expect(confirmation(page)).toBeHidden();
  await expect(alert).toHaveAttribute('data-code', 'E_FORBIDDEN');
  await expect(alert).toContainText('无法接受回滚');
  await expect(alert).toContainText('只有管理员可以接受较旧的保险库副本，保险库未打开。');
  await expect(page.getByRole('button', { name: ACCEPT })).toHaveCount(0);
  await expect(page).toHaveURL(/#\/unlock/);
  await shot(page, 'rollback-refused-zh');

  // The admin: the second factor first (so that the refusal does not confirm a guessed password),
  // then the same refusal, with the offer to accept.
  await submitSignIn(page, ADMIN.username, ADMIN.password);
  const code = page.getByLabel('动态码');
  await expect(code).toBeFocused();
  await code.fill(secondFactor(mfa));
  await page.getByRole('button', { name: '解锁', exact: true }).click();
  await expect(alert).toHaveAttribute('data-code', 'E_INTEGRITY');
  await expect(alert).toContainText(/它止于第 \d+ 条审计事件，而本工作站已见过由“wangjingli”于 .+ 封存的第 \d+ 条事件/);
  await expect(alert).toContainText('保险库未打开');
  // Password and code were right: they stay, for the same sign-in with the acceptance.
  await expect(page.getByLabel('密码', { exact: true })).toHaveValue(ADMIN.password);
  await expect(code).not.toHaveValue('');
  const accept = page.getByRole('button', { name: ACCEPT });
  await expect(accept).toBeVisible();
  await shot(page, 'rollback-unlock-zh');

  // Cancelling the confirmation changes nothing.
  await accept.click();
  const dialog = confirmation(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('接受这份较旧的保险库副本？');
  await expect(dialog).toContainText('在这份副本之后的记录和审计事件都会丢失');
  await expect(dialog).toContainText('此次接受（包括被回滚的范围）会记入审计日志。');
  await shot(page, 'rollback-confirm-zh');
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();
  await expect(alert).toHaveAttribute('data-code', 'E_INTEGRITY');

  // The same in English: the error follows the switch, and so do the offer and the confirmation.
  await page.getByText('English', { exact: true }).click();
  await expect(alert).toContainText('The vault folder was rolled back to an older copy');
  const acceptEn = page.getByRole('button', {
    name: 'This is a deliberate restore: accept the rollback (admins only)',
  });
  await expect(acceptEn).toBeVisible();
  await shot(page, 'rollback-unlock-en');
  await acceptEn.click();
  await expect(confirmation(page)).toContainText('Accept this older copy of the vault?');
  await expect(confirmation(page)).toContainText('is recorded in the audit log');
  await shot(page, 'rollback-confirm-en');
  await confirmation(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(confirmation(page)).toBeHidden();
  await page.getByText('中文', { exact: true }).click();
  await expect(accept).toBeVisible();

  // Accepting resubmits the same sign-in. Here the code has gone stale meanwhile (a code is good
  // for about a minute and once): the core refuses it, and the acceptance stays asked while the
  // admin types a new one.
  await code.fill(wrongCode(mfa.secret));
  await accept.click();
  await confirmation(page).getByRole('button', { name: '接受回滚并解锁' }).click();
  await expect(alert).toHaveAttribute('data-code', 'E_AUTH');
  await expect(code).toHaveValue('');
  await expect(code).toBeFocused();
  await expect(page.getByTestId('rollback-accepting')).toContainText('正在接受回滚：输入新的动态码后完成解锁。');
  await shot(page, 'rollback-accept-code-zh');
  await code.fill(secondFactor(mfa));
  await page.getByRole('button', { name: '接受回滚并解锁', exact: true }).click();
  await expect(page).toHaveURL(/#\/home$/);
  await expect(page.getByTestId('user-display-name')).toHaveText(ADMIN.displayName);

  // The audit log lists the acceptance, by the admin.
  await openNav(page, '审计日志');
  const table = page.getByTestId('audit-table');
  const accepted = table.locator('tbody tr.ant-table-row').filter({
    has: page.locator('[data-action="audit.rollback_accepted"]'),
  });
  await expect(accepted).toHaveCount(1);
  await expect(accepted).toContainText(ADMIN.username);
  await expect(accepted.locator('[data-outcome]')).toHaveText('成功');
});
