/**
 * 会计档案保管 (issue 17, Build 9), zh-CN at 1366x768: a manager asks to purge a client whose deleted
 * records are still in their period and is told the day they may go; she requests the purge of
 * another client's record past its period and cannot approve it herself; the admin finds the
 * client under a legal hold she placed refused, releases it, and approves: the record is gone.
 */
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { ClientSummary, MfaEnrolment, RecordView } from '../../src/shared/contract';
import { quietScreenshot, secondFactor, type Mfa } from './access-helpers';
import { expectNoSeriousViolations } from './axe';
import { expect, test } from './fixtures';
import { ADMIN, chooseOption, ipcValue as value } from './helpers';

const MANAGER = {
  username: 'sunli',
  displayName: '孙经理',
  temp: 'Linshi-2024-jingli',
  password: 'Jingli-own-2024-pass',
};
const MINGDA = '杭州明达贸易有限公司';
const HONGYUAN = '宁波宏远物流有限公司';

async function enrol(page: Page): Promise<Mfa> {
  const e = await value<MfaEnrolment>(page, 'account:mfaBegin');
  const step = timeStep(new Date());
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(e.secret), step) });
  return { secret: e.secret, recoveryCodes: [...e.recoveryCodes], lastStep: step };
}

async function deletedRecord(page: Page, clientId: number, occurredAt: string, counterparty: string) {
  const r = await value<RecordView>(page, 'records:add', {
    clientId,
    occurredAt,
    direction: 'out',
    amount: '1,280.00',
    counterparty,
  });
  await value(page, 'records:delete', { id: r.id, version: r.version, reason: '重复录入，已删除' });
  return r.id;
}

const clientRow = (page: Page, id: number) => page.locator(`tr[data-client="${id}"]`);
const refusal = (page: Page) => page.getByTestId('retention-refusal');

test('retention: a purge refused before its period, then without a second person, then approved by another', async ({
  page,
  harness,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(harness.url);
  await value(page, 'vault:create', {
    adminUsername: ADMIN.username,
    adminDisplayName: ADMIN.displayName,
    password: ADMIN.password,
  });
  const adminMfa = await enrol(page);
  await value(page, 'users:create', {
    username: MANAGER.username,
    displayName: MANAGER.displayName,
    role: 'manager',
    password: MANAGER.temp,
  });
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.temp });
  await value(page, 'account:changePassword', { currentPassword: MANAGER.temp, newPassword: MANAGER.password });
  await enrol(page);
  const mingda = (await value<ClientSummary>(page, 'clients:create', { name: MINGDA })).id;
  const hongyuan = (await value<ClientSummary>(page, 'clients:create', { name: HONGYUAN })).id;
  // 2010's bank records were kept 10 years from 2011-01-01: purgeable since 2021. 2024's wait until 2035.
  await value(page, 'accounts:add', { clientId: mingda, kind: 'alipay', institution: '支付宝（中国）' });
  await deletedRecord(page, mingda, '2010-06-30', '杭州老供应商');
  await deletedRecord(page, mingda, '2024-03-01', '杭州新供应商');
  await deletedRecord(page, hongyuan, '2024-05-01', '宁波承运商');

  // The manager opens the screen under 合规管理: periods with their article, deleted records per client.
  await page.goto(`${harness.url}#/home`);
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('button', { name: '合规管理' }).click();
  await nav.getByRole('link', { name: '会计档案保管' }).click();
  await expect(page.getByRole('heading', { name: '会计档案保管', level: 1 })).toBeVisible();
  await expect(page.getByTestId('retention-period-bankStatement')).toContainText('10 年');
  await expect(page.getByTestId('retention-period-voucher')).toContainText('30 年');
  await expect(clientRow(page, hongyuan)).toContainText('2035-01-01');
  await expect(clientRow(page, mingda)).toContainText('2035-01-01');
  await quietScreenshot(page, 'retention-overview-manager');
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, 'retention page');

  // The office files its Alipay slips as vouchers: that account's records are kept 30 years.
  await chooseOption(
    page,
    page.getByLabel(`${MINGDA} 支付宝 · 支付宝（中国） 按此类别保管`),
    '会计凭证（原始凭证、记账凭证）',
  );
  await expect(page.getByText('已更改该账户记录的档案类别。')).toBeVisible();
  const kept = await value<{ accounts: { retentionKind: string }[] }>(page, 'retention:get');
  expect(kept.accounts.map((a) => a.retentionKind)).toEqual(['voucher']);

  // Before the period: refused, naming the day the record may go.
  await clientRow(page, hongyuan).getByRole('button', { name: '申请销毁' }).click();
  await expect(refusal(page)).toContainText('仍在法定保管期内，最早于 2035-01-01 起可以销毁');
  await quietScreenshot(page, 'retention-refused-before-period');

  // After the period: the request waits for another person; the requester is offered no approval,
  // and the core refuses hers when asked directly.
  await clientRow(page, mingda).getByRole('button', { name: '申请销毁' }).click();
  await expect(refusal(page)).toHaveCount(0);
  const pending = page.locator('tr[data-request="1"]');
  await expect(pending.locator('[data-status="pending"]')).toBeVisible();
  await expect(pending.getByTestId('retention-waiting-other')).toHaveText('须由另一位管理员或经理批准');
  await expect(pending.getByRole('button', { name: '批准销毁' })).toHaveCount(0);
  await expect(value(page, 'retention:approve', { requestId: 1 })).rejects.toThrow(/E_FORBIDDEN retention\.samePerson/);
  await quietScreenshot(page, 'retention-requested-no-second-person');
  await value(page, 'vault:lock');

  // The admin: a legal hold she places blocks the approval; released, she approves.
  await value(page, 'vault:unlock', {
    username: ADMIN.username,
    password: ADMIN.password,
    totp: secondFactor(adminMfa),
  });
  await page.goto(`${harness.url}#/retention`);
  await expect(page.getByRole('heading', { name: '会计档案保管', level: 1 })).toBeVisible();
  await page.getByTestId('retention-hold-client').click();
  await page.locator('.ant-select-item-option').filter({ hasText: MINGDA }).click();
  await page.getByLabel('原因').fill('杭州仲裁委员会调取 2010 年账目');
  await page.getByRole('button', { name: '设置保全' }).click();
  await expect(clientRow(page, mingda)).toContainText('保全中');
  await pending.getByRole('button', { name: '批准销毁' }).click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(refusal(page)).toContainText('该客户处于法律保全中');
  await expect(pending.locator('[data-status="pending"]')).toBeVisible();
  await quietScreenshot(page, 'retention-refused-legal-hold');

  await page.getByRole('button', { name: '解除' }).click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(clientRow(page, mingda)).not.toContainText('保全中');
  await pending.getByRole('button', { name: '批准销毁' }).click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(pending.locator('[data-status="approved"]')).toBeVisible();
  await expect(refusal(page)).toHaveCount(0);
  // 明达 keeps its 2024 record (until 2035); the 2010 one is gone.
  await expect(clientRow(page, mingda).locator('td').nth(1)).toHaveText('1');
  await expect(clientRow(page, mingda).locator('td').nth(2)).toHaveText('0');
  await quietScreenshot(page, 'retention-approved-second-person');
  const plan = await value<{ eligible: unknown[]; notYet: number }>(page, 'retention:plan', { clientId: mingda });
  expect(plan).toMatchObject({ eligible: [], notYet: 1 });
});
