/**
 * The import wizard (issue 14, Build 2): a manager picks a WeChat Pay bill from the open dialog
 * (the harness's `to-open` folder), sees it detected with every row classified and the file's
 * declared totals matching those read, imports it as one batch, finds the records in 支付记录;
 * the same file again is all duplicates and imports nothing; the batch is undone with a reason.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { ClientSummary, MfaEnrolment } from '../../src/shared/contract';
import { quietScreenshot } from './access-helpers';
import { expectNoSeriousViolations, expectPageStructure } from './axe';
import { expect, test, type HarnessProcess } from './fixtures';
import { ADMIN, chooseOption, ipcValue as value } from './helpers';

const MANAGER = {
  username: 'sunli',
  displayName: '孙经理',
  temp: 'Linshi-2024-jingli',
  password: 'Jingli-own-2024-pass',
};
const CLIENT = '杭州明达贸易有限公司';
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/import/wechat.csv');
const FILE_NAME = '微信支付账单(20240501-20240531).csv';

async function enrolMfa(page: Page): Promise<void> {
  const enrolment = await value<MfaEnrolment>(page, 'account:mfaBegin');
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(enrolment.secret), timeStep(new Date())) });
}

/** A vault, a manager signed in (through the calls the screens make), and one client. */
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
  await value<ClientSummary>(page, 'clients:create', { name: CLIENT });
}

/** The axe check with the pointer off the buttons (a hovered button's lighter colour is not what the screen shows). */
async function scan(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, name);
}

/** Puts the file where the harness's open dialog picks it (the newest file there). */
function offerFile(harness: HarnessProcess): void {
  const dir = path.join(path.dirname(harness.vaultDir), 'to-open');
  mkdirSync(dir, { recursive: true });
  copyFileSync(FIXTURE, path.join(dir, FILE_NAME));
}

test('import: preview classified, one batch, the records listed, again all duplicates, undone', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await prepare(page, harness);
  offerFile(harness);
  await page.goto(`${harness.url}#/home`);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '导入' }).click();
  await expect(page.getByRole('heading', { name: '导入', level: 1 })).toBeVisible();

  // One client: chosen already. The file from the dialog, detected, every row classified.
  await expect(page.getByTestId('import-client')).toContainText(CLIENT);
  await page.getByTestId('import-pick').click();
  await expect(page.getByTestId('import-file')).toContainText(FILE_NAME);
  await expect(page.getByTestId('import-detected')).toContainText('识别为 微信支付');
  await expect(page.getByTestId('import-detected')).toContainText('UTF-8');
  await expect(page.getByTestId('import-count-imported')).toHaveText('4');
  await expect(page.getByTestId('import-count-duplicates')).toHaveText('0');
  await expect(page.getByTestId('import-count-rejected')).toHaveText('0');
  // The bill's own summary (收入 2 笔 842.00, 支出 2 笔 1,020.58) against what was read: equal.
  const totals = page.getByTestId('import-totals');
  await expect(totals).toContainText('¥842.00');
  await expect(totals).toContainText('¥1,020.58');
  await expect(totals).not.toContainText('不一致');
  const rows = page.getByTestId('import-rows');
  await expect(rows.locator('[data-status="new"]')).toHaveCount(4);
  // Text from the file shows as text: the quotes of 某某"小店" are characters, not markup.
  await expect(rows).toContainText('某某"小店"');
  // The record rows first; the preamble and summary rows under 全部 and 跳过.
  const filter = rows.locator('.lv-import-filter');
  await expect(rows.locator('[data-status="skipped"]')).toHaveCount(0);
  await quietScreenshot(page, '50-import-preview');
  await filter.getByText('全部', { exact: true }).click();
  await expect(rows.locator('.ant-table-row')).toHaveCount(23);
  await filter.getByText('跳过', { exact: true }).click();
  await expect(rows.locator('[data-status="skipped"]')).toHaveCount(19);
  await expect(rows).toContainText('汇总或说明行');
  await filter.getByText('记录行', { exact: true }).click();
  await expect(rows.locator('.ant-table-row')).toHaveCount(4);
  await expectPageStructure(page, '导入');
  await scan(page, '导入 preview');

  // 导入, confirmed: one batch.
  await page.getByTestId('import-commit').click();
  const confirm = page.getByRole('dialog').filter({ hasText: `将 4 条记录导入“${CLIENT}”？` });
  await confirm.getByRole('button', { name: '导入' }).click();
  await expect(page.getByTestId('import-done')).toContainText('已导入 4 条记录');
  const batches = page.getByTestId('import-batches');
  await expect(batches.locator('.ant-table-row')).toHaveCount(1);
  await expect(batches).toContainText(FILE_NAME);
  await expect(batches).toContainText('4 / ');
  await quietScreenshot(page, '51-import-done');

  // The records are in 支付记录.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '支付记录' }).click();
  await expect(page.getByTestId('total-count')).toHaveText('共 4 条');
  await expect(page.getByTestId('records-table')).toContainText('房东');

  // The same file again: every record a duplicate, nothing to import.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '导入' }).click();
  offerFile(harness);
  await page.getByTestId('import-pick').click();
  await expect(page.getByTestId('import-count-duplicates')).toHaveText('4');
  await expect(page.getByTestId('import-count-imported')).toHaveText('0');
  await expect(page.getByTestId('import-rows').locator('[data-status="duplicate"]')).toHaveCount(4);
  await expect(page.getByTestId('import-rows').locator('[data-status="new"]')).toHaveCount(0);
  await expect(page.getByTestId('import-nothing')).toBeVisible();
  await expect(page.getByTestId('import-commit')).toBeDisabled();

  // Undo the batch: a reason is required.
  const batchId = await batches.locator('.ant-table-row').first().locator('td').first().textContent();
  await page.getByTestId(`import-undo-${batchId}`).click();
  const undo = page.getByTestId('import-undo');
  await undo.getByRole('button', { name: '撤销导入' }).click();
  await expect(undo).toContainText('请填写理由');
  await undo.getByLabel('撤销理由').fill('导错了客户，撤销重导');
  await undo.getByRole('button', { name: '撤销导入' }).click();
  await expect(page.getByTestId(`import-batch-state-${batchId}`)).toContainText('已撤销');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '支付记录' }).click();
  await expect(page.getByTestId('total-count')).toHaveText('共 0 条');

  // English: the file previews again as new (its records were undone).
  await page.evaluate("localStorage.setItem('ledgervault.locale', 'en')");
  await page.reload();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();
  offerFile(harness);
  await page.getByTestId('import-pick').click();
  await expect(page.getByTestId('import-detected')).toContainText('Detected as WeChat Pay');
  await expect(page.getByTestId('import-count-imported')).toHaveText('4');
  await expect(page.getByTestId('import-batches')).toContainText('Undone');
  await quietScreenshot(page, '52-import-en');
  await scan(page, 'Import');
});

test('import: a layout nobody knows, read by a column mapping; a possible duplicate imported on request', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await prepare(page, harness);
  // No reference column and headers no reader knows; lines 3 and 4 are the same payment twice.
  const dir = path.join(path.dirname(harness.vaultDir), 'to-open');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, '对账单.csv'),
    [
      '日子,对家,钱,附注',
      '2024-06-01,甲公司,1200.00,货款',
      '2024-06-02,乙商店,-35.50,文具',
      '2024-06-02,乙商店,-35.50,文具',
      '',
    ].join('\r\n'),
  );
  await page.goto(`${harness.url}#/import`);
  await expect(page.getByRole('heading', { name: '导入', level: 1 })).toBeVisible();
  await page.getByTestId('import-pick').click();
  await expect(page.getByRole('heading', { name: '列映射' })).toBeVisible();

  const choose = async (testId: string, option: string) => {
    // The list closes (with an animation) before the next opens: one list on screen at a time.
    await chooseOption(page, page.getByTestId(testId), option, true);
  };
  await expect(page.getByTestId('import-map-header')).toContainText('1');
  await choose('import-map-date', '日子');
  await choose('import-map-counterparty', '对家');
  await choose('import-map-memo', '附注');
  await choose('import-map-amount', '钱');
  await page.getByTestId('import-map-apply').click();

  await expect(page.getByTestId('import-detected')).toContainText('通用 CSV/XLSX');
  await expect(page.getByTestId('import-detected')).toContainText('已按列映射读取');
  await expect(page.getByTestId('import-count-imported')).toHaveText('2');
  await expect(page.getByTestId('import-count-duplicates')).toHaveText('1');
  const rows = page.getByTestId('import-rows');
  await expect(rows.locator('[data-status="possibleDuplicate"]')).toHaveCount(1);
  await expect(rows).toContainText('与第 3 行相同');
  // Saved under the bank's name, for its next export.
  await page.getByTestId('import-saved-name').fill('某银行 网银导出');
  await page.getByTestId('import-saved-save').click();
  await expect(page.getByText('已保存映射“某银行 网银导出”')).toBeVisible();
  await quietScreenshot(page, '53-import-mapping');
  await scan(page, '导入 mapping');
  await page.getByTestId('import-accept-4').check();
  await expect(page.getByTestId('import-count-imported')).toHaveText('3');
  await page.getByTestId('import-commit').click();
  await page.getByRole('dialog').getByRole('button', { name: '导入' }).click();
  await expect(page.getByTestId('import-done')).toContainText('已导入 3 条记录');

  // The bank's next export: a title line above the same header. The saved mapping reads it at once.
  writeFileSync(
    path.join(dir, '对账单-7月.csv'),
    ['某银行 账户明细 2024年7月', '日子,对家,钱,附注', '2024-07-01,丙公司,88.00,服务费', ''].join('\r\n'),
  );
  await page.getByTestId('import-pick').click();
  await expect(page.getByTestId('import-detected')).toContainText('已按保存的映射“某银行 网银导出”读取');
  await expect(page.getByTestId('import-count-imported')).toHaveText('1');
  await expect(page.getByTestId('import-saved-select')).toContainText('某银行 网银导出');

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '支付记录' }).click();
  await expect(page.getByTestId('total-count')).toHaveText('共 3 条');
});

test('import: a camt.053 file with two accounts, one read per import by the user choice', async ({ page, harness }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await prepare(page, harness);
  const small = readFileSync(
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/import/intl/camt053-small.xml'),
    'utf8',
  );
  const dir = path.join(path.dirname(harness.vaultDir), 'to-open');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'statement.xml'),
    small.replace(/(<c:Stmt>\s*<c:Id>S2[\s\S]*?<c:IBAN>)DE89370400440532013000/, '$1GB33BUKB20201555555555'),
  );
  await page.goto(`${harness.url}#/import`);
  await page.getByTestId('import-pick').click();
  await expect(page.getByTestId('import-detected')).toContainText('camt.053');
  const account = page.getByTestId('import-statement-account');
  await expect(account).toContainText('DE89370400440532013000');
  await expect(page.getByTestId('import-count-imported')).toHaveText('2');
  await page.locator('.ant-segmented-item', { hasText: '不能导入' }).click();
  await expect(page.getByTestId('import-rows')).toContainText('请在“读取哪个账户”中选择它');

  await chooseOption(page, account, 'GB33BUKB20201555555555');
  await expect(account).toContainText('GB33BUKB20201555555555');
  await expect(page.getByTestId('import-count-imported')).toHaveText('2');
  await expect(page.getByTestId('import-rows')).toContainText('DE89370400440532013000');
  await quietScreenshot(page, '54-import-two-accounts');
});
