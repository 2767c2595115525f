/**
 * 事件与演练 (issue 17, Build 3), zh-CN at 1366x768, as a manager: a drill recorded (team, steps,
 * lessons) and closed, marked 演练; then a real incident affecting two clients, each with its
 * records by filter, producing two letters that each name their own client; closing is refused
 * while a client is not notified, both are notified, and it closes; the posture's fact is green.
 */
import type { Locator, Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { AccountView, ClientSummary, MfaEnrolment } from '../../src/shared/contract';
import { quietScreenshot } from './access-helpers';
import { expectNoSeriousViolations } from './axe';
import { expect, screenshot, test } from './fixtures';
import { ADMIN, chooseOption, ipcValue as value } from './helpers';

const MANAGER = {
  username: 'sunli',
  displayName: '孙经理',
  temp: 'Linshi-2024-jingli',
  password: 'Jingli-own-2024-pass',
};
const CLIENTS = ['杭州明达贸易有限公司', '宁波宏远物流有限公司'];

/** antd puts a space between the two characters of a two-character button label. */
const label = (text: string) => new RegExp(`^${[...text].join('\\s*')}$`);

async function enrol(page: Page): Promise<void> {
  const e = await value<MfaEnrolment>(page, 'account:mfaBegin');
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(e.secret), timeStep(new Date())) });
}

/** A single select: the list closes on the choice (chooseOption retries until it has). */
async function pick(page: Page, field: Locator, option: string): Promise<void> {
  await chooseOption(page, field, option);
}

/** A multi-select: its list stays open for more choices; the option shows as chosen. */
async function pickAlso(page: Page, field: Locator, option: string): Promise<void> {
  const list = page.locator('.ant-select-dropdown:visible');
  await expect(async () => {
    if ((await list.count()) === 0) await field.click({ timeout: 3_000 });
    const item = list.last().locator('.ant-select-item-option', { hasText: option }).first();
    const chosen = /ant-select-item-option-selected/;
    if (!chosen.test((await item.getAttribute('class', { timeout: 3_000 })) ?? ''))
      await item.click({ timeout: 3_000 });
    await expect(item).toHaveClass(chosen, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
}

async function register(page: Page, drill: boolean, f: { title: string; severity: string; what: string }) {
  await page.getByTestId(drill ? 'incident-new-drill' : 'incident-new').click();
  const modal = page.getByRole('dialog');
  await modal.getByTestId('incident-title').fill(f.title);
  await pick(page, modal.getByTestId('incident-severity'), f.severity);
  await modal.getByTestId('incident-found-at').fill('2026-12-01 08:30');
  await modal.getByTestId('incident-found-by').fill('陈会计');
  await modal.getByTestId('incident-what').fill(f.what);
  await modal.getByTestId('incident-contact').fill('孙经理 0571-88886666');
  await modal.getByRole('button', { name: label('登记') }).click();
  await expect(page.getByRole('heading', { name: f.title, level: 1 })).toBeVisible();
}

async function step(page: Page, kind: string, text: string) {
  await pick(page, page.getByTestId('step-kind'), kind);
  await page.getByTestId('step-text').fill(text);
  await page.getByTestId('step-add').click();
  await expect(page.getByRole('cell', { name: text })).toBeVisible();
}

async function close(page: Page) {
  await page.getByTestId('incident-close').click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
}

test('a drill recorded and closed; an incident affecting two clients, two letters, both notified, closed', async ({
  page,
  harness,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(harness.url);
  await value(page, 'vault:create', {
    adminUsername: ADMIN.username,
    adminDisplayName: ADMIN.displayName,
    password: ADMIN.password,
  });
  await enrol(page);
  await value(page, 'users:create', {
    username: MANAGER.username,
    displayName: MANAGER.displayName,
    password: MANAGER.temp,
    role: 'manager',
  });
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.temp });
  await value(page, 'account:changePassword', { currentPassword: MANAGER.temp, newPassword: MANAGER.password });
  await enrol(page);
  const ids: number[] = [];
  for (const name of CLIENTS) ids.push((await value<ClientSummary>(page, 'clients:create', { name })).id);
  const bank = await value<AccountView>(page, 'accounts:add', {
    clientId: ids[0],
    kind: 'bank',
    institution: '工商银行',
    accountNumber: '6222020000001111',
  });
  for (const [clientId, accountId, occurredAt] of [
    [ids[0], bank.id, '2026-11-02'],
    [ids[0], bank.id, '2026-11-15'],
    [ids[0], bank.id, '2026-10-01'],
    [ids[1], undefined, '2026-11-05'],
  ] as const)
    await value(page, 'records:add', {
      clientId,
      accountId,
      occurredAt,
      direction: 'out',
      amount: '100.00',
      counterparty: '供应商',
    });

  await page.goto(`${harness.url}#/home`);
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('button', { name: '合规管理' }).click();
  await nav.getByRole('link', { name: '事件与演练' }).click();
  await expect(page.getByRole('heading', { name: '事件与演练', level: 1 })).toBeVisible();

  // A drill: its team, two steps, lessons, then closed without letters; marked 演练.
  await register(page, true, { title: '勒索软件应急演练', severity: '高', what: '模拟一台工作站被勒索软件加密。' });
  await expect(page.getByTestId('drill-tag')).toHaveText('演练');
  await pick(page, page.getByTestId('team-person'), MANAGER.displayName);
  await page.getByTestId('team-role').fill('总指挥');
  await page.getByRole('button', { name: '加入小组' }).click();
  await expect(page.getByTestId('incident-team')).toContainText('孙经理 · 总指挥');
  await step(page, '控制', '断开工作站网络');
  await step(page, '恢复', '从 U 盘备份恢复保险库');
  await page.getByTestId('incident-lessons').fill('备份 U 盘应存放在两处。');
  await page.getByRole('button', { name: '保存经验教训' }).click();
  await close(page);
  await expect(page.getByTestId('incident-status')).toHaveText('已结案');
  await expect(page.getByTestId('step-add')).toHaveCount(0);
  await quietScreenshot(page, 'incidents-drill-closed');
  await page.getByRole('button', { name: /返回列表/ }).click();
  await expect(page.locator('tr[data-incident="勒索软件应急演练"]')).toContainText('演练');

  // A real incident affecting two clients.
  await register(page, false, {
    title: '会计笔记本电脑丢失',
    severity: '严重',
    what: '存有导出文件的笔记本电脑在地铁上丢失。',
  });
  await step(page, '控制', '远程锁定电脑并修改所有网银密码');
  await step(page, '恢复', '从备份核对全部记录完整');
  await pick(page, page.getByTestId('affected-client'), CLIENTS[0]!);
  await pickAlso(page, page.getByTestId('affected-accounts'), '工商银行');
  await page.keyboard.press('Escape');
  await page.getByPlaceholder('开始日期').fill('2026-11-01');
  await page.keyboard.press('Enter');
  await page.getByPlaceholder('结束日期').fill('2026-11-30');
  await page.keyboard.press('Enter');
  await page.getByTestId('affected-which').fill('明达工行账户 11 月付款记录（对方名称、金额）');
  await page.getByTestId('affected-save').click();
  const rowA = page.locator(`tr[data-client="${CLIENTS[0]}"]`);
  await expect(rowA).toContainText('1 个账户 · 2026-11-01 ~ 2026-11-30 · 2 条记录');
  await pick(page, page.getByTestId('affected-client'), CLIENTS[1]!);
  await page.getByTestId('affected-which').fill('宏远全部付款记录');
  await page.getByTestId('affected-save').click();
  const rowB = page.locator(`tr[data-client="${CLIENTS[1]}"]`);
  await expect(rowB).toContainText('全部账户 · 1 条记录');

  await page.getByTestId('letters-write').click();
  await expect(rowA.getByTestId('letter-view')).toBeVisible();
  await expect(rowB.getByTestId('letter-view')).toBeVisible();
  await quietScreenshot(page, 'incidents-two-clients');

  // Each letter names its own client and data, and what the office did.
  for (const [row, own, other, data, name] of [
    [rowA, CLIENTS[0]!, CLIENTS[1]!, '明达工行账户 11 月付款记录', 'a'],
    [rowB, CLIENTS[1]!, CLIENTS[0]!, '宏远全部付款记录', 'b'],
  ] as const) {
    await row.getByTestId('letter-view').click();
    const sheet = page.getByTestId('letter-sheet');
    await expect(sheet).toContainText(`尊敬的${own}：`);
    await expect(sheet).toContainText(data);
    await expect(sheet).toContainText('远程锁定电脑并修改所有网银密码');
    await expect(sheet).toContainText('孙经理 0571-88886666');
    await expect(sheet).not.toContainText(other);
    await screenshot(page, `incidents-letter-${name}`);
    if (name === 'a') {
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, 'incidents-letter-print');
      await page.emulateMedia({ media: 'screen' });
    }
    await page
      .getByRole('dialog')
      .locator('.ant-modal-footer')
      .getByRole('button', { name: label('关闭') })
      .click();
    await expect(sheet).toHaveCount(0);
  }

  // Closing is refused while a client is not notified; both notified, it closes.
  await page.getByTestId('incident-lessons').fill('导出文件不得存放在笔记本电脑上。');
  await close(page);
  await expect(page.locator('.ant-message-notice')).toContainText('还有 2 个受影响的客户未被通知');
  await expect(page.getByTestId('incident-status')).toHaveText('处理中');
  for (const [row, how] of [
    [rowA, '电话及挂号信'],
    [rowB, '当面送达'],
  ] as const) {
    await row.getByTestId('notify').click();
    await page.getByTestId('notify-how').fill(how);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: label('记录') })
      .click();
    await expect(row.getByTestId('notified')).toContainText(how);
  }
  await close(page);
  await expect(page.getByTestId('incident-status')).toHaveText('已结案');
  await page.mouse.move(0, 0);
  await quietScreenshot(page, 'incidents-closed');
  await expectNoSeriousViolations(page, 'incident');

  await page.getByRole('button', { name: /返回列表/ }).click();
  await expect(page.locator('tr[data-incident="会计笔记本电脑丢失"]')).toContainText('2 / 2');
  await quietScreenshot(page, 'incidents-list');
  await expectNoSeriousViolations(page, 'incidents list');

  // The posture: no open real incident.
  await nav.getByRole('link', { name: '安全合规概况' }).click();
  await expect(page.locator('tr[data-fact="incidents"]')).toHaveAttribute('data-status', 'green');
});
