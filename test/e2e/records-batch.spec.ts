/**
 * Batch work on the records screen (issue 10, items 2 and 6): checkbox, Shift+click and Ctrl+A
 * (every record of the filter, not only the rows on screen); change status, move to another
 * client and delete with one reason, each confirmed in a dialog naming the count and the clients.
 * The table fills the window with its action column in view at 1366x768; rows and their buttons
 * are named by the record (date, counterparty, amount).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { ClientSummary, MfaEnrolment } from '../../src/shared/contract';
import { expect, screenshot, test, type HarnessProcess } from './fixtures';
import { ADMIN, chooseOption, ipcValue as value } from './helpers';

const MANAGER = {
  username: 'piliang',
  displayName: '钱经理',
  temp: 'Linshi-2024-jingli',
  password: 'Jingli-own-2024-pass',
};
const MINGDA = '杭州明达';
const YUANHANG = '宁波远航';

async function enrolMfa(page: Page): Promise<void> {
  const enrolment = await value<MfaEnrolment>(page, 'account:mfaBegin');
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(enrolment.secret), timeStep(new Date())) });
}

/** A manager (signed in at the end) with two clients: 24 records of 杭州明达, 3 of 宁波远航. */
async function prepare(page: Page, harness: HarnessProcess): Promise<void> {
  await page.goto(harness.url);
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
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.temp });
  await value(page, 'account:changePassword', { currentPassword: MANAGER.temp, newPassword: MANAGER.password });
  await enrolMfa(page);
  const mingda = await value<ClientSummary>(page, 'clients:create', { name: MINGDA });
  const yuanhang = await value<ClientSummary>(page, 'clients:create', { name: YUANHANG });
  for (let day = 1; day <= 24; day += 1) {
    await value(page, 'records:add', {
      clientId: mingda.id,
      occurredAt: `2024-03-${String(day).padStart(2, '0')}`,
      direction: 'out',
      amount: `${day}00.00`,
      counterparty: `供应商${day}号`,
      channel: 'alipay',
      memo: day > 16 ? '重复导入' : '货款',
    });
  }
  for (let day = 1; day <= 3; day += 1) {
    await value(page, 'records:add', {
      clientId: yuanhang.id,
      occurredAt: `2024-02-0${day} 10:30`,
      direction: 'in',
      amount: '500',
      counterparty: `客户${day}`,
    });
  }
}

/** Does `act` and waits for the table to show a new result. */
async function requeried(page: Page, act: () => Promise<void>): Promise<void> {
  const table = page.getByTestId('records-table');
  const before = (await table.getAttribute('data-result')) ?? '';
  await act();
  await expect(table).not.toHaveAttribute('data-result', before);
  await expect(table).toHaveAttribute('aria-busy', 'false');
}

/** The whole action column (the last row button) lies inside the window. */
async function expectActionsInView(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name }).first();
  await expect(button).toBeVisible();
  const box = (await button.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

test('records: select with checkbox, Shift+click and Ctrl+A; batch status, move and delete', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await prepare(page, harness);
  await page.goto(`${harness.url}#/records`);
  const table = page.getByTestId('records-table');
  const rows = table.locator('.ant-table-row');
  await expect(page.getByTestId('total-count')).toHaveText('共 27 条');
  await expect(table).toHaveAttribute('aria-busy', 'false');

  // Rows and their buttons are named by the record; a date without a time shows no 00:00.
  const top = rows.first();
  await expect(top).toContainText('2024-03-24');
  await expect(top).not.toContainText('00:00');
  await expect(top).toContainText('支付宝');
  await expectActionsInView(page, '修改历史 2024-03-24 供应商24号 ¥2,400.00');
  // The table fills the window: the page itself does not scroll as well.
  const fits = await page.evaluate(() => {
    // The node typecheck has no DOM types: the browser's globals, as far as needed here.
    const g = globalThis as unknown as { innerHeight: number; document: { documentElement: { scrollHeight: number } } };
    return g.document.documentElement.scrollHeight <= g.innerHeight + 1;
  });
  expect(fits).toBe(true);

  // Checkbox, then Shift+click four rows down: five records of the range.
  await page.getByRole('checkbox', { name: '选择 2024-03-24 供应商24号 ¥2,400.00' }).check();
  await page.getByRole('checkbox', { name: '选择 2024-03-20 供应商20号 ¥2,000.00' }).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('batch-count')).toHaveText('已选 5 条');
  await page.mouse.move(0, 0);
  await screenshot(page, 'records-batch-selection-1366');

  // To a screen reader it is one table of rows and cells, with the header's column names.
  const grid = page.getByRole('table', { name: '支付记录列表' });
  await expect(grid.getByRole('columnheader', { name: '交易对方' })).toBeVisible();
  const row24 = grid.getByRole('row').filter({ hasText: '供应商24号' });
  await expect(row24).toHaveCount(1);
  await expect(row24.getByRole('cell', { name: '¥2,400.00', exact: true })).toBeVisible();
  await expect(row24.getByRole('button', { name: '编辑 2024-03-24 供应商24号 ¥2,400.00' })).toBeVisible();
  const axe = await new AxeBuilder({ page })
    .include('[data-testid="records-table"]')
    .include('[data-testid="batch-bar"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // 修改状态: the dialog names the count and the client; the five become 已退款.
  await page.getByRole('toolbar', { name: '批量操作' }).getByRole('button', { name: '修改状态' }).click();
  const status = page.getByRole('dialog', { name: '修改 5 条记录的状态' });
  await expect(status.getByTestId('batch-clients')).toHaveText(`涉及客户：${MINGDA}`);
  await status.getByRole('radio', { name: '已退款' }).check();
  await screenshot(page, 'records-batch-status-1366');
  await requeried(page, () => status.getByRole('button', { name: '改为“已退款”' }).click());
  await expect(status).toBeHidden();
  await expect(rows.filter({ hasText: '已退款' })).toHaveCount(5);
  await expect(page.getByTestId('batch-bar')).toHaveCount(0);

  // 移至其他客户: two records of 杭州明达 go to 宁波远航 and show it in the client column.
  await page.getByRole('checkbox', { name: '选择 2024-03-19 供应商19号 ¥1,900.00' }).check();
  await page.getByRole('checkbox', { name: '选择 2024-03-18 供应商18号 ¥1,800.00' }).check();
  await page.getByRole('button', { name: '移至其他客户' }).click();
  const move = page.getByRole('dialog', { name: '将 2 条记录移至其他客户' });
  await expect(move.getByTestId('batch-clients')).toHaveText(`涉及客户：${MINGDA}`);
  await move.getByRole('button', { name: '移至其他客户' }).click();
  await expect(move.getByText('请选择目标客户。')).toBeVisible();
  await chooseOption(page, move.getByRole('combobox', { name: '目标客户' }), '宁波远航');
  await screenshot(page, 'records-batch-move-1366');
  await requeried(page, () => move.getByRole('button', { name: `移至【${YUANHANG}】` }).click());
  await expect(rows.filter({ hasText: '供应商19号' })).toContainText(YUANHANG);
  await expect(rows.filter({ hasText: '供应商18号' })).toContainText(YUANHANG);
  // The history names both clients, and the drawer names the record, not its id.
  await page.getByRole('button', { name: '修改历史 2024-03-19 供应商19号 ¥1,900.00' }).click();
  const history = page.getByRole('dialog', { name: '修改历史：2024-03-19 供应商19号 ¥1,900.00' });
  await expect(history.locator('[data-field="clientId"]')).toContainText(`${MINGDA} → ${YUANHANG}`);
  await page.keyboard.press('Escape');
  await expect(history).toBeHidden();

  // Ctrl+A within a filter: all eight 重复导入 records, fewer than the list, more than on screen.
  // Scrolled to the right columns, a new search starts again at the left (date and amount in view).
  const scrolledLeft = () =>
    table.locator('.ant-table-header').evaluate((el) => (el as unknown as { scrollLeft: number }).scrollLeft);
  await table.locator('.ant-table-tbody-virtual').hover();
  await page.mouse.wheel(300, 0);
  await expect.poll(scrolledLeft).toBeGreaterThan(0);
  const search = page.getByRole('searchbox', { name: '搜索交易对方、摘要、流水号' });
  await requeried(page, async () => {
    await search.fill('重复导入');
    await search.press('Enter');
  });
  await expect.poll(scrolledLeft).toBe(0);
  // Body and header agree: the first row's date sits under the 交易时间 heading.
  // Measured until the table has settled (a loaded machine may paint the header and body a frame apart).
  const offset = async () => {
    const headX = (await table.getByRole('columnheader', { name: '交易时间' }).boundingBox())!.x;
    const cellX = (await table.getByRole('cell', { name: '2024-03-24', exact: true }).boundingBox())!.x;
    return Math.abs(headX - cellX);
  };
  await expect.poll(offset).toBeLessThan(2);
  await expect(page.getByTestId('total-count')).toHaveText('共 8 条');
  // Outside a text field (in the search box Ctrl+A selects its text, as it should).
  await search.blur();
  await page.keyboard.press('Control+A');
  await expect(page.getByTestId('batch-count')).toHaveText('已选 8 条');
  await page.getByRole('toolbar', { name: '批量操作' }).getByRole('button', { name: '批量删除' }).click();
  const remove = page.getByRole('dialog', { name: '删除 8 条记录' });
  await expect(remove.getByTestId('batch-clients')).toContainText(MINGDA);
  await expect(remove.getByTestId('batch-clients')).toContainText(YUANHANG);
  await remove.getByLabel('删除原因').fill('支付宝账单重复导入');
  await screenshot(page, 'records-batch-delete-1366');
  await requeried(page, () => remove.getByRole('button', { name: '删除 8 条' }).click());
  await expect(page.getByTestId('total-count')).toHaveText('共 0 条');

  // The rest of the list is untouched.
  await requeried(page, () => page.getByRole('button', { name: '重置' }).click());
  await expect(page.getByTestId('total-count')).toHaveText('共 19 条');

  // The same screen at 1920x1080: a selection and each dialog.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('checkbox', { name: '选择 2024-03-16 供应商16号 ¥1,600.00' }).check();
  await page.getByRole('checkbox', { name: '选择 2024-03-12 供应商12号 ¥1,200.00' }).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('batch-count')).toHaveText('已选 5 条');
  await expectActionsInView(page, '修改历史 2024-03-16 供应商16号 ¥1,600.00');
  await page.mouse.move(0, 0);
  await screenshot(page, 'records-batch-selection-1920');
  for (const [button, dialog, shot] of [
    ['修改状态', '修改 5 条记录的状态', 'status'],
    ['移至其他客户', '将 5 条记录移至其他客户', 'move'],
    ['批量删除', '删除 5 条记录', 'delete'],
  ] as const) {
    await page.getByRole('toolbar', { name: '批量操作' }).getByRole('button', { name: button }).click();
    const open = page.getByRole('dialog', { name: dialog });
    await expect(open).toBeVisible();
    await screenshot(page, `records-batch-${shot}-1920`);
    await open.getByRole('button', { name: '取消' }).click();
    await expect(open).toBeHidden();
  }
});
