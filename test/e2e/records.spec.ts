/**
 * The payment-records screen at #/records: keyboard-only entry of five records, exact totals,
 * text/direction filters and server-side sort, CSV export with masked numbers, the English
 * screen, and a manager's reveal with a reason that masks itself again after 30 seconds.
 *
 * The vault is prepared through the harness bridge (`window.ledgervault`) from the page: the
 * admin, a manager (who creates the client, since admins cannot), an accountant granted write
 * access to it. The accountant then signs in through the unlock screen.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { ClientSummary, IpcResult, MfaEnrolment, RecordView } from '../../src/shared/contract';
import { changeTemporaryPassword, openNav, quietScreenshot, signIn } from './access-helpers';
import { expect, screenshot, test, type HarnessProcess } from './fixtures';
import { ADMIN, chooseOption } from './helpers';

const FULL_NUMBER = '6222021234567890123';
const MANAGER = {
  username: 'lijingli',
  displayName: '李经理',
  temp: 'Linshi-2024-jingli',
  password: 'Jingli-own-2024-pass',
};
const ACCOUNTANT = {
  username: 'zhaokuaiji',
  displayName: '赵会计',
  temp: 'Linshi-2024-kuaiji',
  password: 'Kuaiji-own-2024-pass',
};
const CLIENT = '甲贸易有限公司';

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

async function value<T>(page: Page, channel: string, input: unknown = {}): Promise<T> {
  const result = await ipc<T>(page, channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.messageKey ?? ''}`);
  return result.value;
}

/** Two-step verification for whoever is signed in, with the code an authenticator shows now. */
async function enrolMfa(page: Page): Promise<void> {
  const enrolment = await value<MfaEnrolment>(page, 'account:mfaBegin');
  const code = totpAt(base32Decode(enrolment.secret), timeStep(new Date()));
  const status = await value<{ restriction: string | null }>(page, 'account:mfaConfirm', { code });
  expect(status.restriction).toBeNull();
}

/**
 * Admin (with MFA), a manager who creates 甲贸易有限公司 and grants it (writable) to an
 * accountant; ends with the manager still signed in. Returns the client's id.
 */
async function prepareVault(page: Page, harness: HarnessProcess): Promise<number> {
  await page.goto(harness.url);
  await expect(page).toHaveURL(/#\/setup$/);
  await value(page, 'vault:create', {
    adminUsername: ADMIN.username,
    adminDisplayName: ADMIN.displayName,
    password: ADMIN.password,
  });
  await enrolMfa(page);
  await value(page, 'users:create', {
    username: MANAGER.username,
    displayName: MANAGER.displayName,
    role: 'manager',
    password: MANAGER.temp,
  });
  await value(page, 'users:create', {
    username: ACCOUNTANT.username,
    displayName: ACCOUNTANT.displayName,
    role: 'accountant',
    password: ACCOUNTANT.temp,
  });
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.temp });
  await value(page, 'account:changePassword', { currentPassword: MANAGER.temp, newPassword: MANAGER.password });
  await enrolMfa(page);
  const client = await value<ClientSummary>(page, 'clients:create', { name: CLIENT });
  await value(page, 'grants:set', { username: ACCOUNTANT.username, clientId: client.id, canWrite: true });
  return client.id;
}

/** Does `act` and waits until the table shows the result of a new query, not the one before. */
async function requeried(page: Page, act: () => Promise<void>): Promise<void> {
  const table = page.getByTestId('records-table');
  const before = (await table.getAttribute('data-result')) ?? '';
  await act();
  await expect(table).not.toHaveAttribute('data-result', before);
  await expect(table).toHaveAttribute('aria-busy', 'false');
}

interface Entry {
  date: string;
  /** Keys that set the direction once the group has focus ('' keeps the last one). */
  directionKeys: string[];
  amount: string;
  counterparty: string;
  account?: string;
  reference: string;
  memo: string;
  /** How it is saved: Enter on the status (the last field) or Ctrl+Enter from the memo. */
  save: 'enter' | 'ctrl-enter';
}

const ENTRIES: Entry[] = [
  {
    date: '2024-03-01 09:30',
    directionKeys: ['Space'],
    amount: '0.1',
    counterparty: '张三',
    account: FULL_NUMBER,
    reference: 'LS20240301001',
    memo: '货款',
    save: 'enter',
  },
  {
    date: '2024-03-02',
    directionKeys: [],
    amount: '0.2',
    counterparty: '张三丰',
    account: '6222029876543210456',
    reference: 'LS20240302002',
    memo: '服务费',
    save: 'ctrl-enter',
  },
  {
    date: '2024-03-03 14:05',
    directionKeys: ['ArrowRight'],
    amount: '1,234.56',
    counterparty: '乙物流有限公司',
    account: '6228480012345678',
    reference: 'LS20240303003',
    memo: '运费',
    save: 'enter',
  },
  {
    date: '2024-03-04',
    directionKeys: [],
    amount: '¥88',
    counterparty: '丙文具店',
    reference: 'LS20240304004',
    memo: '办公用品',
    save: 'enter',
  },
  {
    date: '2024-03-05 16:20',
    directionKeys: ['ArrowRight'],
    amount: '3000',
    counterparty: '丁投资有限公司',
    reference: 'LS20240305005',
    memo: '内部调拨',
    save: 'ctrl-enter',
  },
];

test('records: keyboard entry, totals, filters, sort, CSV export, masked numbers, English', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await prepareVault(page, harness);
  await value(page, 'vault:lock');
  await page.reload();

  // The accountant signs in through the unlock screen and replaces the temporary password.
  await signIn(page, { username: ACCOUNTANT.username, password: ACCOUNTANT.temp });
  await changeTemporaryPassword(page, ACCOUNTANT.temp, ACCOUNTANT.password);
  await openNav(page, '支付记录');
  const table = page.getByTestId('records-table');
  const rows = table.locator('.ant-table-row');
  await expect(table).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByRole('combobox', { name: '客户' })).toBeVisible();
  await expect(page.getByText(CLIENT, { exact: true })).toBeVisible();
  await expect(page.getByText('没有符合条件的记录')).toBeVisible();

  // (a) Five records with the keyboard only: N opens the form with the date focused.
  await page.locator('body').focus();
  await page.keyboard.press('n');
  const date = page.getByRole('textbox', { name: '交易时间', exact: true });
  await expect(date).toBeFocused();
  const count = page.getByTestId('entry-count');
  for (const [i, e] of ENTRIES.entries()) {
    await expect(date).toBeFocused();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(e.date);
    await page.keyboard.press('Tab');
    for (const key of e.directionKeys) await page.keyboard.press(key);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('textbox', { name: '金额', exact: true })).toBeFocused();
    await page.keyboard.type(e.amount);
    if (i === 2) {
      // What the form shows while typing: the parsed amount, formatted.
      await expect(page.getByText('= ¥1,234.56', { exact: true })).toBeVisible();
      await page.keyboard.press('Tab');
      await page.keyboard.type(e.counterparty);
      await screenshot(page, '41-records-entry');
    } else {
      await page.keyboard.press('Tab');
      await page.keyboard.type(e.counterparty);
    }
    await page.keyboard.press('Tab');
    if (e.account) await page.keyboard.type(e.account);
    await page.keyboard.press('Tab');
    await page.keyboard.type(e.reference);
    await page.keyboard.press('Tab');
    await page.keyboard.type(e.memo);
    if (e.save === 'enter') {
      await page.keyboard.press('Tab');
      await expect(page.getByRole('radio', { name: '成功' })).toBeFocused();
      await page.keyboard.press('Enter');
    } else {
      await page.keyboard.press('Control+Enter');
    }
    await expect(count).toHaveText(`本次已录入 ${i + 1} 笔`);
    // Cleared for the next record, focus back on the date.
    await expect(date).toBeFocused();
    await expect(page.getByRole('textbox', { name: '金额', exact: true })).toHaveValue('');
  }
  // A problem is caught before the core is asked: an empty amount and counterparty.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('请输入金额。')).toBeVisible();
  await expect(page.getByText('请填写交易对方。')).toBeVisible();
  await expect(page.getByRole('textbox', { name: '金额', exact: true })).toBeFocused();
  await expect(count).toHaveText('本次已录入 5 笔');
  await page.keyboard.press('Escape');
  await expect(date).toBeHidden();

  // (b) Totals of the whole filter, exact: 0.1 + 0.2 is 0.30.
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId('total-in')).toHaveText('¥0.30');
  await expect(page.getByTestId('total-out')).toHaveText('¥1,322.56');
  await expect(page.getByTestId('total-count')).toHaveText('共 5 条');
  // Newest first; directions, amounts and masked numbers as entered.
  await expect(rows.first()).toContainText('2024-03-05 16:20');
  await expect(rows.first()).toContainText('其他');
  await expect(rows.first()).toContainText('¥3,000.00');
  const first = rows.filter({ hasText: 'LS20240301001' });
  await expect(first).toContainText('2024-03-01 09:30');
  await expect(first).toContainText('收入');
  await expect(first).toContainText('¥0.10');
  await expect(first).toContainText('****0123');
  // (e) The full number is never on the page.
  expect(await page.content()).not.toContain(FULL_NUMBER);
  await expect(page.locator('body')).not.toContainText(FULL_NUMBER);
  // An accountant may not reveal: no such action.
  await expect(page.getByRole('button', { name: '查看完整账号' })).toHaveCount(0);
  await expect(page.getByText('包含完整账号（需填写理由，将记入审计日志）')).toHaveCount(0);
  await page.mouse.move(0, 0);
  await quietScreenshot(page, '40-records-list');

  // (c) Text search (Enter): 张三 finds 张三 and 张三丰.
  const search = page.getByRole('searchbox', { name: '搜索交易对方、摘要、流水号' });
  await requeried(page, async () => {
    await search.fill('张三');
    await search.press('Enter');
  });
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: '张三丰' })).toHaveCount(1);
  await expect(page.getByTestId('total-in')).toHaveText('¥0.30');
  await expect(page.getByTestId('total-count')).toHaveText('共 2 条');
  await requeried(page, async () => {
    await search.fill('张三丰');
    await search.press('Enter');
  });
  await expect(rows).toHaveCount(1);
  await requeried(page, async () => {
    await search.fill('');
    await search.press('Enter');
  });
  await expect(rows).toHaveCount(5);

  // Direction 支出: the two outgoing records.
  await requeried(page, async () => {
    await chooseOption(page, page.getByRole('combobox', { name: '方向' }), '支出', true);
  });
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('total-in')).toHaveText('¥0.00');
  await expect(page.getByTestId('total-out')).toHaveText('¥1,322.56');
  await requeried(page, () => page.getByRole('button', { name: '重置' }).click());
  await expect(rows).toHaveCount(5);

  // Sort by amount, by the core: largest first, then smallest first.
  const amounts = () => table.getByTestId('record-amount').allTextContents();
  await requeried(page, () => table.getByText('金额', { exact: true }).click());
  expect(await amounts()).toEqual(['¥3,000.00', '¥1,234.56', '¥88.00', '¥0.20', '¥0.10']);
  await requeried(page, () => table.getByText('金额', { exact: true }).click());
  expect(await amounts()).toEqual(['¥0.10', '¥0.20', '¥88.00', '¥1,234.56', '¥3,000.00']);
  // By keyboard: each result is a table of its own, and the heading keeps the focus in it, so Enter sorts again.
  const amountHeading = table.getByRole('columnheader', { name: /^金额/ });
  await requeried(page, async () => {
    await amountHeading.focus();
    await page.keyboard.press('Enter');
  });
  expect(await amounts()).toEqual(['¥3,000.00', '¥1,234.56', '¥88.00', '¥0.20', '¥0.10']);
  await expect(amountHeading).toBeFocused();
  await requeried(page, () => page.keyboard.press('Enter'));
  expect(await amounts()).toEqual(['¥0.10', '¥0.20', '¥88.00', '¥1,234.56', '¥3,000.00']);
  await expect(amountHeading).toBeFocused();

  // (d) CSV of the current filter: where it went is on screen; BOM, Chinese header, masked.
  await page.getByRole('button', { name: '导出 CSV' }).click();
  const result = page.getByTestId('records-export-result');
  // The message counts the records and names the file (client and period); the harness saves in its export folder.
  await expect(result).toContainText('已导出 5 条记录');
  await expect(result.getByRole('button', { name: '打开所在文件夹' })).toBeVisible();
  const shown = (await result.textContent()) ?? '';
  const name = /记录：(\S+\.csv)/.exec(shown)?.[1] ?? '';
  expect(name).toMatch(/^甲贸易有限公司-.+-支付记录\.csv$/);
  const file = path.join(path.dirname(harness.vaultDir), 'exports', name);
  const bytes = readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.subarray(3).toString('utf8');
  expect(csv.split(/\r?\n/)[0]).toContain('编号,客户,交易时间,方向,金额,币种,渠道,交易对方,对方账号,交易流水号');
  expect(csv).toContain('张三丰');
  expect(csv).toContain('****0123');
  expect(csv).not.toContain(FULL_NUMBER);
  expect(csv.trim().split(/\r?\n/)).toHaveLength(6);

  // (f) The same screen in English.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Payment records', level: 1 })).toBeVisible();
  await expect(page.getByTestId('total-count')).toHaveText('5 records');
  await expect(rows.first()).toContainText('In');
  await page.mouse.move(0, 0);
  await screenshot(page, '42-records-en');
  expect(await page.content()).not.toContain(FULL_NUMBER);
});

test('records: a manager reveals a number with a reason; it is masked again after 30 s', async ({ page, harness }) => {
  test.setTimeout(90_000);
  await page.clock.install();
  const clientId = await prepareVault(page, harness);
  const record = await value<RecordView>(page, 'records:add', {
    clientId,
    occurredAt: '2024-03-01 10:00',
    direction: 'out',
    amount: '1,234.56',
    counterparty: '张三',
    counterpartyAccount: FULL_NUMBER,
  });
  expect(record.counterpartyAccount).toBe('****0123');
  // Enough rows for more than the first screen (50) and the chunk that follows it (300).
  await page.evaluate(
    async ({ clientId, n }) => {
      type Bridge = { records: { add: (input: unknown) => Promise<{ ok: boolean }> } };
      const lv = (globalThis as unknown as { ledgervault: Bridge }).ledgervault;
      for (let i = 0; i < n; i += 1) {
        const r = await lv.records.add({
          clientId,
          occurredAt: '2024-01-15 09:00',
          direction: 'in',
          amount: `${i + 1}.00`,
          counterparty: `批量客户${i}`,
        });
        if (!r.ok) throw new Error('records:add failed');
      }
    },
    { clientId, n: 420 },
  );
  await page.goto(`${harness.url}#/records`);
  await expect(page.getByRole('heading', { name: '支付记录', level: 1 })).toBeVisible();
  const row = page.getByTestId('records-table').locator('.ant-table-row').first();
  await expect(row).toContainText('****0123');
  // The first screen, the chunk fetched after it, then the rest as the table is scrolled to its end.
  const table = page.getByTestId('records-table');
  await expect(table).toHaveAttribute('data-rows', '350');
  await expect(page.getByTestId('total-count')).toHaveText('共 421 条');
  await expect(table.locator('.ant-table-row')).not.toHaveCount(350);
  await table.locator('.ant-table-tbody-virtual-holder').evaluate((el) => {
    // Only the two properties this needs: the node tsconfig has no DOM lib.
    const box = el as unknown as { scrollTop: number; scrollHeight: number };
    box.scrollTop = box.scrollHeight;
  });
  await expect(table).toHaveAttribute('data-rows', '421');
  await table.locator('.ant-table-tbody-virtual-holder').evaluate((el) => {
    (el as unknown as { scrollTop: number }).scrollTop = 0;
  });
  // Managers may reveal, so the export offers full numbers (with a reason).
  await expect(page.getByText('包含完整账号（需填写理由，将记入审计日志）')).toBeVisible();

  await row.getByRole('button', { name: '查看完整账号' }).click();
  const dialog = page.getByRole('dialog', { name: '查看完整对方账号：2024-03-01 张三 ¥1,234.56' });
  await expect(dialog).toBeVisible();
  // No reason, no number. (A click while the dialog is still opening can be lost: try again, as a person would.)
  await expect(async () => {
    await dialog.getByRole('button', { name: '查看' }).click();
    await expect(dialog.getByText('请填写查看理由（至少 4 个字）。')).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await dialog.getByLabel('查看理由').fill('核对客户提供的银行回单');
  await dialog.getByRole('button', { name: '查看' }).click();
  await expect(dialog.getByTestId('reveal-value')).toHaveText(FULL_NUMBER);
  await expect(dialog.getByTestId('reveal-countdown')).toHaveText(/^(30|29) 秒后重新隐藏$/);

  await dialog.getByRole('button', { name: '复制' }).click();
  await expect(dialog.getByTestId('reveal-copied')).toHaveText('已复制。剪贴板将在 30 秒后自动清除。');

  // Thirty seconds later it is masked again, and the number is gone from the page.
  await page.clock.fastForward(10_000);
  await expect(dialog.getByTestId('reveal-countdown')).toHaveText(/^(20|19) 秒后重新隐藏$/);
  await page.clock.fastForward(21_000);
  await expect(dialog.getByTestId('reveal-value')).toHaveCount(0);
  await expect(dialog.getByTestId('reveal-masked')).toHaveText('****0123');
  await expect(dialog.getByTestId('reveal-hidden')).toBeVisible();
  expect(await page.content()).not.toContain(FULL_NUMBER);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('records: an accountant edits a record and deletes another with a reason; the history shows it', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  const clientId = await prepareVault(page, harness);
  const seed = [
    { occurredAt: '2024-03-01 09:30', direction: 'in', amount: '100', counterparty: '张三', memo: '货款' },
    { occurredAt: '2024-03-02 10:00', direction: 'in', amount: '50.5', counterparty: '李四', memo: '服务费' },
    { occurredAt: '2024-03-03 11:00', direction: 'out', amount: '20', counterparty: '王五', memo: '办公用品' },
  ];
  const ids: number[] = [];
  for (const r of seed) ids.push((await value<RecordView>(page, 'records:add', { clientId, ...r })).id);
  await value(page, 'vault:lock');
  await page.reload();
  await signIn(page, { username: ACCOUNTANT.username, password: ACCOUNTANT.temp });
  await changeTemporaryPassword(page, ACCOUNTANT.temp, ACCOUNTANT.password);
  await openNav(page, '支付记录');
  const table = page.getByTestId('records-table');
  const rows = table.locator('.ant-table-row');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('total-in')).toHaveText('¥150.50');
  await expect(page.getByTestId('total-out')).toHaveText('¥20.00');

  // (1) 编辑: the drawer opens prefilled (amount formatted, Beijing time), only changes are sent.
  const zhang = rows.filter({ hasText: '张三' });
  await zhang.getByRole('button', { name: '编辑' }).click();
  const drawer = page.getByRole('dialog', { name: /^编辑记录：/ });
  await expect(drawer).toBeVisible();
  const amount = drawer.getByRole('textbox', { name: '金额', exact: true });
  const editDate = drawer.getByRole('textbox', { name: '交易时间', exact: true });
  await expect(editDate).toHaveValue('2024-03-01 09:30');
  await expect(amount).toHaveValue('100.00');
  await expect(drawer.getByRole('textbox', { name: '摘要（选填）' })).toHaveValue('货款');
  await expect(drawer.getByTestId('entry-count')).toHaveCount(0);
  // Focus starts on the date, as when entering; Tab past the direction to the amount.
  await expect(editDate).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(amount).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1,234.56');
  await expect(drawer.getByText('= ¥1,234.56', { exact: true })).toBeVisible();
  await drawer.getByRole('textbox', { name: '摘要（选填）' }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('三月货款');
  await requeried(page, () => page.keyboard.press('Control+Enter'));
  await expect(drawer).toBeHidden();
  await expect(zhang).toContainText('¥1,234.56');
  // The keyboard is back on the record's 编辑, in the list read again after the save.
  await expect(zhang.getByRole('button', { name: '编辑' })).toBeFocused();
  await expect(zhang).toContainText('三月货款');
  // Exactly: 1,234.56 + 50.50.
  await expect(page.getByTestId('total-in')).toHaveText('¥1,285.06');
  await expect(page.getByTestId('total-out')).toHaveText('¥20.00');
  await expect(page.getByTestId('total-count')).toHaveText('共 3 条');

  // Someone else changes 李四 while it is open here: the core's conflict message, then reloaded.
  const li = rows.filter({ hasText: '李四' });
  await li.getByRole('button', { name: '编辑' }).click();
  const liDrawer = page.getByRole('dialog', { name: /^编辑记录：/ });
  await expect(liDrawer.getByRole('textbox', { name: '金额', exact: true })).toHaveValue('50.50');
  const liRecord = (await value<{ rows: RecordView[] }>(page, 'records:list', { text: '李四' })).rows[0]!;
  await value(page, 'records:update', { id: liRecord.id, version: liRecord.version, patch: { memo: '他人改过' } });
  await expect(liDrawer.getByRole('textbox', { name: '交易时间', exact: true })).toBeFocused();
  await liDrawer.getByRole('textbox', { name: '金额', exact: true }).fill('60');
  await liDrawer.getByRole('button', { name: /保存修改/ }).click();
  const conflict = liDrawer.getByTestId('entry-error');
  await expect(conflict).toHaveAttribute('data-code', 'E_CONFLICT');
  await expect(conflict).toContainText('此记录已被他人修改');
  await expect(conflict).toContainText('该数据已被他人修改');
  await expect(liDrawer.getByRole('textbox', { name: '摘要（选填）' })).toHaveValue('他人改过');
  await expect(liDrawer.getByRole('textbox', { name: '金额', exact: true })).toHaveValue('50.50');
  await liDrawer.getByRole('button', { name: '取消' }).click();
  await expect(liDrawer).toBeHidden();
  await expect(page.getByTestId('total-in')).toHaveText('¥1,285.06');

  // (3) The history: 金额 old -> new (formatted) and 摘要, who and when.
  await zhang.getByRole('button', { name: '修改历史 2024-03-01 张三 ¥1,234.56' }).click();
  const history = page.getByRole('dialog', { name: '修改历史：2024-03-01 张三 ¥1,234.56' });
  const items = history.getByTestId('history-item');
  await expect(items).toHaveCount(2);
  const amountItem = history.locator('[data-field="amountMinor"]');
  await expect(amountItem).toContainText('金额');
  await expect(amountItem).toContainText('¥100.00 → ¥1,234.56');
  const memoItem = history.locator('[data-field="memo"]');
  await expect(memoItem).toContainText('摘要');
  await expect(memoItem).toContainText('货款 → 三月货款');
  await expect(amountItem.getByTestId('history-when')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（版本 2）$/);
  await expect(amountItem.getByTestId('history-who')).toHaveText(/^操作人：\S+$/);
  await page.mouse.move(0, 0);
  await quietScreenshot(page, '43-records-history');
  await page.keyboard.press('Escape');
  await expect(history).toBeHidden();

  // (2) 删除 with a required reason: the record leaves the list and the totals.
  const wang = rows.filter({ hasText: '王五' });
  await wang.getByRole('button', { name: '删除 2024-03-03 王五 ¥20.00' }).click();
  const confirm = page.getByRole('dialog', { name: '删除记录：2024-03-03 王五 ¥20.00' });
  await expect(confirm.getByTestId('delete-summary')).toContainText('¥20.00');
  await confirm.getByRole('button', { name: '删除' }).click();
  await expect(confirm.getByText('请填写删除原因（至少 4 个字）。')).toBeVisible();
  await expect(rows).toHaveCount(3);
  await confirm.getByLabel('删除原因').fill('重复录入');
  await requeried(page, () => confirm.getByRole('button', { name: '删除' }).click());
  await expect(confirm).toBeHidden();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: '王五' })).toHaveCount(0);
  await expect(page.getByTestId('total-out')).toHaveText('¥0.00');
  await expect(page.getByTestId('total-in')).toHaveText('¥1,285.06');
  await expect(page.getByTestId('total-count')).toHaveText('共 2 条');
  // The core keeps it, deleted, with its reason in the history.
  const deleted = await value<{ field: string; newValue: string | null }[]>(page, 'records:history', { id: ids[2] });
  expect(deleted.map((c) => [c.field, c.newValue])).toEqual([['deleted', '重复录入']]);
});
