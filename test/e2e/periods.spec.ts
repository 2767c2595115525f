/**
 * 期间汇总 (#/period) and exports that open as spreadsheets: a manager sets an account's opening
 * balance, opens March 2024 and sees 期初/期末, the month's totals and the summaries; the printed
 * 流水明细表 (print media); an Excel export names the client and period, says how many records it
 * holds and offers 打开所在文件夹, which the harness records instead of opening a file manager.
 */
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import path from 'node:path';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { AccountView, ClientSummary, MfaEnrolment } from '../../src/shared/contract';
import { expectNoSeriousViolations } from './axe';
import { expect, screenshot, test } from './fixtures';
import { ADMIN, ipcValue as value } from './helpers';

const MANAGER = {
  username: 'zhoujingli',
  displayName: '周经理',
  temp: 'Linshi-2024-zhou',
  password: 'Zhou-own-2024-pass',
};
const CLIENT = '杭州明达';

async function enrolMfa(page: Page): Promise<void> {
  const enrolment = await value<MfaEnrolment>(page, 'account:mfaBegin');
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(enrolment.secret), timeStep(new Date())) });
}

test('periods: opening balance, 期初/期末, monthly totals, summaries, print view; Excel export with row count and folder', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
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
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.temp });
  await value(page, 'account:changePassword', { currentPassword: MANAGER.temp, newPassword: MANAGER.password });
  await enrolMfa(page);
  const client = await value<ClientSummary>(page, 'clients:create', { name: CLIENT });
  const bank = await value<AccountView>(page, 'accounts:add', {
    clientId: client.id,
    kind: 'bank',
    institution: '招商银行',
    accountNumber: '6225880212345678',
  });
  const add = (occurredAt: string, direction: 'in' | 'out', amount: string, counterparty: string, memo: string) =>
    value(page, 'records:add', {
      clientId: client.id,
      accountId: bank.id,
      occurredAt,
      direction,
      amount,
      counterparty,
      memo,
    });
  await add('2024-03-01 09:00', 'in', '3000', '甲公司', '货款');
  await add('2024-03-05', 'out', '1200.50', '房东', '房租');
  await add('2024-03-20 15:30', 'in', '100', '乙公司', '货款');
  await add('2024-03-28', 'out', '0.30', '招商银行', '手续费');
  await add('2024-04-02', 'out', '99', '丙公司', '杂费');

  // Open the period screen from the navigation, choose the client and March 2024.
  await page.goto(`${harness.url}#/home`);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '期间汇总' }).click();
  await expect(page.getByRole('heading', { name: '期间汇总', level: 1 })).toBeVisible();
  await page.getByRole('combobox', { name: '客户' }).click();
  await page.keyboard.type(CLIENT);
  await page.keyboard.press('Enter');
  const month = page.getByRole('textbox', { name: '月份' });
  await month.click();
  await month.fill('2024-03');
  await month.press('Enter');
  const sheet = page.getByTestId('period-sheet');
  await expect(sheet).toContainText('会计期间：2024-03-01 至 2024-03-31');
  await expect(sheet).toContainText('制表人：周经理');
  const accounts = page.getByTestId('period-accounts');
  await expect(accounts).toContainText('未设期初');

  // Set the opening balance on the account row: 期初 and 期末 follow.
  await accounts.getByRole('button', { name: /设置期初余额：招商银行/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('期初余额（元）').fill('10000');
  await dialog.getByLabel('余额日期（该日开始时）').fill('2024-03-01');
  await dialog.getByRole('button', { name: '设置期初余额', exact: true }).click();
  await expect(dialog).toBeHidden();
  const bankRow = accounts.getByRole('row', { name: /招商银行/ });
  await expect(bankRow).toContainText('¥10,000.00'); // 期初
  await expect(bankRow).toContainText('¥3,100.00'); // 收入
  await expect(bankRow).toContainText('¥1,200.80'); // 支出
  await expect(bankRow).toContainText('¥11,899.20'); // 期末 = 10000 + 3100 − 1200.80

  const months = page.getByTestId('period-months');
  await expect(months.getByRole('row', { name: /2024-03/ })).toContainText('¥1,899.20');
  await expect(page.getByTestId('period-by-counterparty').getByRole('row', { name: /甲公司/ })).toContainText(
    '¥3,000.00',
  );
  await expect(page.getByTestId('period-by-memo').getByRole('row', { name: /货款/ })).toContainText('¥3,100.00');
  await expect(page.getByTestId('period-records').locator('tbody tr')).toHaveCount(4);
  // A date-only record shows no invented time.
  await expect(page.getByTestId('period-records')).toContainText('2024-03-05');
  await expect(page.getByTestId('period-records')).not.toContainText('2024-03-05 00:00');
  await screenshot(page, 'period-1366');
  await expectNoSeriousViolations(page, '期间汇总');

  // The printed 流水明细表: the statement only, no navigation or controls.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeHidden();
  await expect(page.getByRole('button', { name: '打印流水明细表' })).toBeHidden();
  await expect(sheet).toBeVisible();
  await screenshot(page, 'period-print-1366');
  await page.emulateMedia({ media: 'screen' });

  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'period-1920');

  // Excel export from the records screen: row count, file name, 打开所在文件夹.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '支付记录' }).click();
  await expect(page.getByRole('heading', { name: '支付记录', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const result = page.getByTestId('records-export-result');
  await expect(result).toContainText('已导出 5 条记录');
  await expect(result).toContainText(/杭州明达-截至\d{8}-支付记录\.xlsx|全部客户-截至\d{8}-支付记录\.xlsx/);
  await expect(result).not.toContainText('字节');
  await result.getByRole('button', { name: '打开所在文件夹' }).click();
  await expect(page.getByText('已在文件管理器中显示该文件')).toBeVisible();
  await screenshot(page, 'export-result-1920');
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'export-result-1366');

  // The harness recorded the one file to show: the export it saved, which opens as a workbook.
  const shown = await page.request.get(new URL('/__harness/shown-in-folder', harness.url).toString());
  const { files } = (await shown.json()) as { files: string[] };
  expect(files).toHaveLength(1);
  expect(path.dirname(files[0]!)).toBe(path.join(path.dirname(harness.vaultDir), 'exports'));
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(files[0]!);
  const ws = book.worksheets[0]!;
  expect(ws.getRow(7).getCell(1).value).toBe('合计');
});
