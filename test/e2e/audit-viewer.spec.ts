/**
 * The audit-log viewer at #/audit: newest events first, filters, the details drawer (text, never
 * HTML), the integrity check and both exports, in Chinese and in English.
 *
 * The vault is prepared through the harness bridge (`window.ledgervault`) from the page rather
 * than through other screens: create it, fail one sign-in, sign in, enrol in MFA (admins must
 * before anything else), then open #/audit directly.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyAuditExport } from '../../src/core/audit/verify-export';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { IpcResult, MfaEnrolment } from '../../src/shared/contract';
import { expect, screenshot, test, type HarnessProcess } from './fixtures';
import { ADMIN, chooseOption } from './helpers';

const HOSTILE = '<img src=x onerror=alert(1)>';
const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots');

/** Like fixtures' screenshot(), of the window only. */
async function viewportScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** One call through the page's `window.ledgervault`, as the renderer would make it. */
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

function valueOf<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`call failed: ${result.error.code} ${result.error.messageKey ?? ''}`);
  return result.value;
}

/** A vault whose admin failed one sign-in, then signed in and enrolled in MFA; the page at #/audit. */
async function prepareVault(page: Page, harness: HarnessProcess): Promise<void> {
  await page.goto(harness.url);
  await expect(page).toHaveURL(/#\/setup$/);
  valueOf(
    await ipc(page, 'vault:create', {
      adminUsername: ADMIN.username,
      adminDisplayName: ADMIN.displayName,
      password: ADMIN.password,
    }),
  );
  valueOf(await ipc(page, 'vault:lock'));
  const wrong = await ipc(page, 'vault:unlock', { username: ADMIN.username, password: 'Wrong-password-123' });
  expect(wrong).toMatchObject({ ok: false, error: { code: 'E_AUTH' } });
  valueOf(await ipc(page, 'vault:unlock', { username: ADMIN.username, password: ADMIN.password }));
  const enrolment = valueOf(await ipc<MfaEnrolment>(page, 'account:mfaBegin'));
  const code = totpAt(base32Decode(enrolment.secret), timeStep(new Date()));
  const status = valueOf(await ipc<{ restriction: string | null }>(page, 'account:mfaConfirm', { code }));
  expect(status.restriction).toBeNull();
  await page.goto(`${harness.url}#/audit`);
  await expect(page.getByRole('heading', { name: /^(审计日志|Audit log)$/ })).toBeVisible();
}

/** The options of the select that is open now (a closed one stays in the page, hidden). */
function openOptions(page: Page) {
  return page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
}

/** Does `act` (a search) and waits until the table shows its result, not the one before. */
async function searched(page: Page, act: () => Promise<void>): Promise<void> {
  const table = page.getByTestId('audit-table');
  const before = (await table.getAttribute('data-result')) ?? '';
  await act();
  await expect(table).not.toHaveAttribute('data-result', before);
  await expect(table).toHaveAttribute('aria-busy', 'false');
}

test('audit viewer: newest first, filters, details as text, verify and exports', async ({ page, harness, dialogs }) => {
  // Many searches, each an IPC round trip through the harness: slow on a busy two-core machine.
  test.setTimeout(180_000);
  await prepareVault(page, harness);
  const table = page.getByTestId('audit-table');
  const rows = table.locator('tbody tr.ant-table-row');
  const search = page.getByRole('button', { name: '查询' });
  const reset = page.getByRole('button', { name: '重置' });

  // Newest first: the MFA enrolment on top, the vault's creation (event 1) at the bottom.
  await expect(rows.first()).toContainText('启用两步验证');
  const seqs = (await rows.locator('td:first-child').allTextContents()).map(Number);
  expect(seqs.length).toBeGreaterThanOrEqual(6);
  expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  expect(seqs.at(-1)).toBe(1);
  await expect(rows.last()).toContainText('创建保险库');
  await expect(table.locator('[data-action="vault.create"]')).toHaveText('创建保险库');
  // Named as the button pressed (解锁 on the unlock screen).
  await expect(table.locator('[data-action="auth.signin"]').first()).toHaveText('解锁');
  await expect(table.locator('[data-action="mfa.enrol.confirm"]')).toHaveText('启用两步验证');
  const signIns = rows.filter({ has: page.locator('[data-action="auth.signin"]') });
  const okSignIns = await signIns.filter({ has: page.locator('[data-outcome="ok"]') }).count();
  expect(okSignIns).toBeGreaterThanOrEqual(1);

  // The span kept, stated plainly: a new vault is younger than 12 months, and that is no error.
  const span = page.getByTestId('audit-span');
  await expect(span).toContainText(/已保存 \d+ 条事件，自 \d{4}-\d\d-\d\d \d\d:\d\d 至 \d{4}-\d\d-\d\d \d\d:\d\d/);
  await expect(span).toContainText('应用从不删除审计事件');
  const retention = page.getByTestId('audit-retention');
  await expect(retention).toContainText('《会计档案管理办法》');
  await expect(retention).toContainText('银行对账单等保存 10 年');
  await expect(retention).toContainText('等保 2.0（GB/T 22239-2019）');
  await expect(retention).toContainText('不少于 6 个月');
  await expect(span).toContainText('保险库启用不足 12 个月');
  await expect(span).toHaveClass(/ant-alert-info/);
  await screenshot(page, '30-audit-viewer');

  // Outcome 失败: only the wrong-password attempt made before signing in.
  await chooseOption(page, page.getByLabel('结果', { exact: true }), '失败', true);
  await searched(page, () => search.click());
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('解锁');
  await expect(rows.first()).toContainText(ADMIN.username);
  await expect(rows.first().locator('[data-outcome]')).toHaveText('失败');

  // Action, actor and outcome together: the successful sign-ins only.
  await chooseOption(page, page.getByLabel('结果', { exact: true }), '成功', true);
  // The action picker finds an action by its code as well as its Chinese name.
  await page.getByLabel('操作', { exact: true }).fill('auth.signin');
  await page.locator('.ant-select-item-option').filter({ hasText: 'auth.signin' }).click();
  await page.getByLabel('操作人', { exact: true }).fill(ADMIN.username);
  await searched(page, () => search.click());
  await expect(rows).toHaveCount(okSignIns);
  for (const row of await rows.all()) {
    await expect(row.locator('[data-action]')).toHaveText('解锁');
    await expect(row.locator('[data-outcome]')).toHaveText('成功');
  }

  // Days long past: nothing.
  await searched(page, () => reset.click());
  await expect(rows.first()).toContainText('查看审计日志');
  await page.getByPlaceholder('开始日期').click();
  await page.getByPlaceholder('开始日期').fill('2020-01-01');
  await page.keyboard.press('Enter');
  await expect(page.getByPlaceholder('结束日期')).toBeFocused();
  await page.getByPlaceholder('结束日期').fill('2020-01-02');
  await page.keyboard.press('Enter');
  await expect(page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)')).toHaveCount(0);
  await expect(page.getByPlaceholder('开始日期')).toHaveValue('2020-01-01');
  await expect(page.getByPlaceholder('结束日期')).toHaveValue('2020-01-02');
  await searched(page, () => search.click());
  await expect(rows).toHaveCount(0);
  // And the last 7 days: everything, plus what the reset search wrote after its list: its own
  // audit.view, and the count of the 2020 search made twice (Enter in the date field, then 查询),
  // which was counted, not written twice.
  await searched(page, () => reset.click());
  const total = await rows.count();
  await page.getByPlaceholder('开始日期').click();
  await page.getByText('最近 7 天', { exact: true }).click();
  await searched(page, () => search.click());
  await expect(rows).toHaveCount(total + 2);
  await expect(rows.nth(0)).toContainText('查看审计日志');
  await expect(rows.nth(1)).toContainText('重复操作（合并计数）');

  // What someone typed into a filter is itself recorded (audit.view keeps the filter). A string
  // that looks like HTML comes back in the details drawer as text, and nothing runs.
  await searched(page, () => reset.click());
  await page.getByLabel('操作人', { exact: true }).fill(HOSTILE);
  await searched(page, () => search.click());
  await expect(rows).toHaveCount(0);
  await searched(page, () => reset.click());
  await expect(rows.first()).toContainText('查看审计日志');
  const opener = rows.first().getByRole('button', { name: /^查看第 \d+ 号事件的详情$/ });
  // Keyboard: focus the row's 详情 button, Enter opens the drawer, Escape closes it.
  await opener.focus();
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog');
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText(/第 \d+ 号事件/);
  await expect(drawer).toContainText('查看审计日志');
  await expect(drawer).toContainText('audit.view');
  await expect(drawer).toContainText(ADMIN.username);
  // The details as labelled fields, not JSON: the filter as 操作人：…, the rows shown.
  const fields = page.getByTestId('audit-details-fields');
  await expect(fields.locator('[data-detail="filter"]')).toContainText(`操作人：${HOSTILE}`);
  await expect(fields.getByRole('row').filter({ hasText: '显示的事件数' })).toContainText('0');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  // The viewport, not the full page: the drawer is as tall as the window.
  await viewportScreenshot(page, '31-audit-details');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(opener).toBeFocused();

  // 校验完整性: intact, with every event counted and the export key's fingerprint.
  await page.getByRole('button', { name: '校验完整性' }).click();
  const verified = page.getByTestId('audit-verify-result');
  await expect(verified).toContainText(/审计日志完整：已校验 \d+ 条事件/);
  await expect(verified).toHaveClass(/ant-alert-success/);
  const checked = Number(/已校验 (\d+) 条事件/.exec((await verified.textContent()) ?? '')?.[1]);
  expect(checked).toBeGreaterThan(seqs.length);
  await expect(verified).toContainText('导出签名密钥指纹');
  const fingerprint = ((await page.getByTestId('audit-fingerprint').textContent()) ?? '').trim();
  expect(fingerprint).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){7}$/);
  await screenshot(page, '32-audit-verify');

  // 导出签名 JSONL: the tooltip tells how to check it offline; the file goes to the export folder
  // (the harness's stand-in for the save dialog) and checks out offline against the fingerprint.
  const exportDir = path.join(path.dirname(harness.vaultDir), 'exports');
  const jsonlButton = page.getByRole('button', { name: '导出签名 JSONL' });
  await jsonlButton.hover();
  // Another button's tooltip can still be fading out: look for this one by its text.
  await expect(page.getByRole('tooltip').filter({ hasText: 'verify-export' })).toContainText(
    'ledgervault audit verify-export 文件',
  );
  await jsonlButton.click();
  const exported = page.getByTestId('audit-export-result');
  await expect(exported).toContainText('已导出 JSONL');
  const jsonlPath = ((await page.getByTestId('audit-export-path').textContent()) ?? '').trim();
  expect(path.dirname(jsonlPath)).toBe(exportDir);
  expect(jsonlPath).toMatch(/\.jsonl$/);
  const check = verifyAuditExport(readFileSync(jsonlPath, 'utf8'), fingerprint);
  expect(check.problem).toBeNull();
  expect(check.ok).toBe(true);
  expect(check.fromSeq).toBe(1);
  expect(check.count).toBeGreaterThanOrEqual(checked);

  // 导出 CSV: Excel-friendly UTF-8 with a byte-order mark.
  await page.getByRole('button', { name: '导出 CSV' }).click();
  await expect(exported).toContainText('已导出 CSV');
  const csvPath = ((await page.getByTestId('audit-export-path').textContent()) ?? '').trim();
  expect(path.dirname(csvPath)).toBe(exportDir);
  expect(csvPath).toMatch(/\.csv$/);
  const csv = readFileSync(csvPath);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.subarray(3).toString('utf8')).toMatch(/^seq,at,tz,actor,workstation,action/);
});

test('audit viewer: a broken chain is named, and the viewer speaks English', async ({ page, harness }) => {
  test.setTimeout(120_000);
  await prepareVault(page, harness);

  // How a break is reported. The core's detection of each kind has its own tests (test/core);
  // here the core's answer is stood in for, to see what the user is told.
  await page.route('**/__harness/ipc/audit%3Averify', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        ok: true,
        value: {
          ok: false,
          checked: 4,
          head: { seq: 9, hash: 'aa' },
          expected: { seq: 9, hash: 'aa' },
          firstBadSeq: 5,
          kind: 'deleted',
          exportKeyFingerprint: '0000-0000-0000-0000-0000-0000-0000-0000',
        },
      }),
    }),
  );
  await page.getByRole('button', { name: '校验完整性' }).click();
  const result = page.getByTestId('audit-verify-result');
  await expect(result).toHaveClass(/ant-alert-error/);
  await expect(result).toContainText('审计日志校验未通过');
  await expect(result).toContainText('首个异常事件：第 5 号（被删除）');
  await page.unroute('**/__harness/ipc/audit%3Averify');

  // A save dialog the user cancelled (Electron answers null): no message, no path.
  await page.route('**/__harness/ipc/audit%3Aexport', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: null }) }),
  );
  const cancelled = page.waitForResponse('**/__harness/ipc/audit%3Aexport');
  await page.getByRole('button', { name: '导出 CSV' }).click();
  await cancelled;
  await expect(page.getByRole('button', { name: '导出 CSV' })).toBeEnabled();
  await expect(page.getByTestId('audit-export-result')).toHaveCount(0);
  await page.unroute('**/__harness/ipc/audit%3Aexport');

  // English: the same page, labels and known actions translated.
  await page.evaluate("localStorage.setItem('ledgervault.locale', 'en')");
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const table = page.getByTestId('audit-table');
  await expect(table.locator('[data-action="vault.create"]')).toHaveText('Vault created');
  await expect(table.locator('[data-action="auth.signin"]').first()).toHaveText('Unlock');
  await expect(table.getByRole('columnheader', { name: 'Workstation' })).toBeVisible();
  await expect(page.getByTestId('audit-span')).toContainText('The app never deletes audit events');
  await expect(page.getByTestId('audit-retention')).toContainText('GB/T 22239-2019');
  await page.getByRole('button', { name: 'Verify integrity' }).click();
  await expect(page.getByTestId('audit-verify-result')).toContainText(/The audit log is intact: \d+ events checked/);
  await screenshot(page, '33-audit-viewer-en');
});

test('audit viewer for people: client names, actions in Chinese, details as fields, no flood', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await prepareVault(page, harness);
  const manager = { username: 'lijingli', temp: 'Linshi-2024-jingli', password: 'Jingli-own-2024' };
  valueOf(await ipc(page, 'users:create', { username: manager.username, role: 'manager', password: manager.temp }));
  valueOf(await ipc(page, 'vault:lock'));
  valueOf(await ipc(page, 'vault:unlock', { username: manager.username, password: manager.temp }));
  valueOf(await ipc(page, 'account:changePassword', { currentPassword: manager.temp, newPassword: manager.password }));
  const enrolment = valueOf(await ipc<MfaEnrolment>(page, 'account:mfaBegin'));
  valueOf(
    await ipc(page, 'account:mfaConfirm', { code: totpAt(base32Decode(enrolment.secret), timeStep(new Date())) }),
  );
  const mingda = valueOf(await ipc<{ id: number }>(page, 'clients:create', { name: '杭州明达贸易有限公司' })).id;
  const hongyuan = valueOf(await ipc<{ id: number }>(page, 'clients:create', { name: '宁波宏远科技有限公司' })).id;
  const record = (clientId: number) => ({
    clientId,
    occurredAt: '2024-03-05',
    direction: 'out',
    amount: '120.00',
    counterparty: '供应商甲',
    counterpartyAccount: '6222020200112233445',
  });
  const ours = valueOf(await ipc<{ id: number }>(page, 'records:add', record(mingda)));
  valueOf(await ipc(page, 'records:add', record(hongyuan)));
  valueOf(await ipc(page, 'records:reveal', { id: ours.id, reason: '核对银行对账单' }));
  // Paging back to the same list five times: one event and a count, not five events.
  for (let i = 0; i < 5; i += 1) valueOf(await ipc(page, 'records:list', { clientId: mingda }));
  valueOf(await ipc(page, 'records:list', { clientId: hongyuan }));
  await page.goto(`${harness.url}#/audit`);
  await page.reload();
  await expect(page.getByRole('heading', { name: '审计日志' })).toBeVisible();

  const table = page.getByTestId('audit-table');
  const rows = table.locator('tbody tr.ant-table-row');
  // The client by name, in the table.
  await expect(rows.filter({ has: page.locator('[data-action="records.reveal"]') })).toContainText(
    '杭州明达贸易有限公司',
  );

  // Client by its pinyin initials, action by its Chinese name (the code shown beside it).
  await page.getByLabel('客户', { exact: true }).fill('hzmd');
  await page.locator('.ant-select-item-option').filter({ hasText: '杭州明达贸易有限公司' }).click();
  await page.getByLabel('操作', { exact: true }).fill('查看完整');
  const option = page.locator('.ant-select-item-option').filter({ hasText: '查看完整账号' });
  await expect(option).toContainText('records.reveal');
  await option.click();
  await searched(page, () => page.getByRole('button', { name: '查询' }).click());
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('查看完整账号');
  await expect(rows.first()).toContainText('杭州明达贸易有限公司');
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    await viewportScreenshot(page, `34-audit-people-${size.width}`);
  }
  await page.setViewportSize({ width: 1366, height: 768 });

  // The reason as a labelled field, the client by name.
  await rows
    .first()
    .getByRole('button', { name: /^查看第 \d+ 号事件的详情$/ })
    .click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('杭州明达贸易有限公司');
  const fields = page.getByTestId('audit-details-fields');
  await expect(fields.getByRole('row').filter({ hasText: '原因' })).toContainText('核对银行对账单');
  await expect(fields.getByRole('row').filter({ hasText: '字段' })).toContainText('对方账号');
  await expect(page.locator('pre')).toHaveCount(0);
  await viewportScreenshot(page, '35-audit-people-details');
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();

  // The five identical lists: one 查看支付记录 for 杭州明达 and one count of 5.
  // Enter picks the one action the typed words find.
  await page.getByLabel('操作', { exact: true }).fill('查看支付记录');
  await expect(openOptions(page).locator('.ant-select-item-option-active')).toContainText('records.list');
  await page.keyboard.press('Enter');
  await searched(page, () => page.getByRole('button', { name: '查询' }).click());
  await expect(rows).toHaveCount(1);
  await page.getByLabel('操作', { exact: true }).fill('重复');
  await expect(openOptions(page).locator('.ant-select-item-option-active')).toContainText('audit.repeated');
  await page.keyboard.press('Enter');
  await searched(page, () => page.getByRole('button', { name: '查询' }).click());
  await expect(rows).toHaveCount(1);
  await rows
    .first()
    .getByRole('button', { name: /^查看第 \d+ 号事件的详情$/ })
    .click();
  await expect(fields.getByRole('row').filter({ hasText: '重复的操作' })).toContainText('records.list');
  await expect(fields.getByRole('row').filter({ hasText: '次数' })).toContainText('5');
});
