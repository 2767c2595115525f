/**
 * 人员与培训 and 客户保密协议 (issue 17, Builds 4-5), zh-CN at 1366x768: a manager sees every
 * staff member due (red); records 陈会计's confidentiality agreement with a scanned PDF picked in
 * the open dialog, then a training session with each attendee's result and score; saves a copy
 * of the scan (the save dialog); records a client's data-protection agreement with its signed
 * file; the posture's 'agreements' fact stays red while the other client has none and turns
 * green once it does.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { ClientSummary, MfaEnrolment } from '../../src/shared/contract';
import { quietScreenshot } from './access-helpers';
import { expectNoSeriousViolations } from './axe';
import { expect, test } from './fixtures';
import { ADMIN, chooseOption, ipcValue as value } from './helpers';

const MANAGER = {
  username: 'sunli',
  displayName: '孙经理',
  temp: 'Linshi-2024-jingli',
  password: 'Jingli-own-2024-pass',
};
const ACCOUNTANT = { username: 'chenhui', displayName: '陈会计', password: 'Kuaiji-2024-linshi' };
const AUDITOR = {
  username: 'zhoushen',
  displayName: '周审计',
  temp: 'Shenji-2024-linshi',
  password: 'Shenji-own-2024-pass',
};
const CLIENTS = ['杭州明达贸易有限公司', '宁波宏远物流有限公司'];
const SCAN = Buffer.from('%PDF-1.4\n% 陈会计 保密协议 扫描件\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const SIGNED = Buffer.from('%PDF-1.7\n% 杭州明达 数据保护协议\n%%EOF\n');

async function enrol(page: Page): Promise<void> {
  const e = await value<MfaEnrolment>(page, 'account:mfaBegin');
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(e.secret), timeStep(new Date())) });
}

/** Puts a file where the harness's open dialog picks it (the newest file there). */
function offer(vaultDir: string, name: string, bytes: Buffer): void {
  const dir = path.join(path.dirname(vaultDir), 'to-open');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), bytes);
}

async function choose(page: Page, testId: string, option: string): Promise<void> {
  await chooseOption(page, page.getByTestId(testId), option);
}

test('people and client agreements: an acknowledgement with its scan, a training session, a client agreement', async ({
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
  await enrol(page);
  await value(page, 'users:create', {
    username: MANAGER.username,
    displayName: MANAGER.displayName,
    role: 'manager',
    password: MANAGER.temp,
  });
  await value(page, 'users:create', { ...ACCOUNTANT, role: 'accountant' });
  await value(page, 'users:create', {
    username: AUDITOR.username,
    displayName: AUDITOR.displayName,
    role: 'auditor',
    password: AUDITOR.temp,
  });
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.temp });
  await value(page, 'account:changePassword', { currentPassword: MANAGER.temp, newPassword: MANAGER.password });
  await enrol(page);
  const ids: number[] = [];
  for (const name of CLIENTS) ids.push((await value<ClientSummary>(page, 'clients:create', { name })).id);

  // 合规管理 -> 人员与培训: nobody has trained or signed yet, so everyone is listed as due.
  await page.goto(`${harness.url}#/home`);
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('button', { name: '合规管理' }).click();
  await nav.getByRole('link', { name: '人员与培训' }).click();
  await expect(page.getByRole('heading', { name: '人员与培训', level: 1 })).toBeVisible();
  const due = page.getByTestId('people-due');
  await expect(due.locator('[data-person]')).toHaveCount(4);
  await expect(due.locator(`[data-person="${ACCOUNTANT.username}"]`)).toContainText('保密协议：从未记录');
  await quietScreenshot(page, 'people-due');

  // 陈会计's confidentiality agreement, signed today, with its scan picked in the open dialog.
  offer(harness.vaultDir, '陈会计保密协议.pdf', SCAN);
  await page.getByTestId('people-ack-open').click();
  const ack = page.getByRole('dialog', { name: '记录保密协议或行为守则确认' });
  await choose(page, 'ack-person', ACCOUNTANT.displayName);
  await ack.getByTestId('ack-file').click();
  await expect(ack.getByTestId('ack-file-name')).toContainText('陈会计保密协议.pdf');
  // The pointer off the pick button: antd's hover colour is not the button's own.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await expectNoSeriousViolations(page, 'people: acknowledgement dialog');
  await quietScreenshot(page, 'people-acknowledge-dialog');
  await ack.getByTestId('ack-save').click();
  await expect(ack).toHaveCount(0);
  const chen = page.locator(`tr[data-person="${ACCOUNTANT.username}"]`);
  await expect(chen).toContainText('陈会计保密协议.pdf');
  await expect(due.locator(`[data-person="${ACCOUNTANT.username}"]`)).not.toContainText('保密协议：从未记录');

  // A training session: everyone attended; the accountant and the manager passed, the admin failed.
  await page.getByTestId('people-training-open').click();
  const training = page.getByRole('dialog', { name: '记录培训与考核' });
  await training.getByLabel('主题').fill('个人信息保护法与客户资料保密');
  await training.getByLabel('培训人').fill('李律师');
  for (const [who, result, score] of [
    [ACCOUNTANT.username, '通过', '92'],
    [MANAGER.username, '通过', '88'],
    [ADMIN.username, '未通过', '55'],
  ] as const) {
    await choose(page, `result-${who}`, result);
    await training.getByTestId(`score-${who}`).fill(score);
  }
  await quietScreenshot(page, 'people-training-dialog');
  await training.getByTestId('training-save').click();
  await expect(training).toHaveCount(0);
  const sessions = page.getByTestId('people-sessions');
  await expect(sessions).toContainText('个人信息保护法与客户资料保密');
  await expect(sessions).toContainText('陈会计 通过 92');
  await expect(chen.locator('[data-status]').nth(2)).toHaveAttribute('data-status', 'green');
  // Still due: the code-of-conduct acknowledgement (never), and the admin's training (failed).
  await expect(due.locator(`[data-person="${ACCOUNTANT.username}"]`)).toContainText('行为守则确认：从未记录');
  await expect(due.locator(`[data-person="${ADMIN.username}"]`)).toContainText('年度培训：从未记录');

  // A copy of the scan goes out through the save dialog (the harness's export folder).
  await chen.getByRole('button', { name: '陈会计保密协议.pdf' }).click();
  await expect(page.locator('.ant-message-notice').filter({ hasText: '已保存到' })).toBeVisible();
  const exportDir = path.join(path.dirname(harness.vaultDir), 'exports');
  expect(readFileSync(path.join(exportDir, '陈会计保密协议.pdf')).equals(SCAN)).toBe(true);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await quietScreenshot(page, 'people-after');

  // 客户保密协议: both clients red; record 杭州明达's agreement with its signed file.
  await nav.getByRole('link', { name: '客户保密协议' }).click();
  await expect(page.getByRole('heading', { name: '客户保密协议', level: 1 })).toBeVisible();
  const rowOf = (id: number) => page.locator(`tr[data-client="${id}"]`);
  await expect(rowOf(ids[0]!).locator('[data-status]')).toHaveAttribute('data-status', 'red');
  offer(harness.vaultDir, '明达数据保护协议.pdf', SIGNED);
  await page.getByTestId('agreement-open').click();
  const dialog = page.getByRole('dialog', { name: '记录客户数据保护协议' });
  await choose(page, 'agreement-client', CLIENTS[0]!);
  await dialog.getByTestId('agreement-scope').fill('代理记账：银行流水、支付宝和微信支付账单的录入、对账与保管');
  await dialog.getByTestId('agreement-file').click();
  await expect(dialog.getByTestId('agreement-file-name')).toContainText('明达数据保护协议.pdf');
  // The pointer off the pick button: antd's hover colour is not the button's own.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await expectNoSeriousViolations(page, 'agreements: record dialog');
  await quietScreenshot(page, 'agreements-dialog');
  await dialog.getByTestId('agreement-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(rowOf(ids[0]!).locator('[data-status]')).toHaveAttribute('data-status', 'green');
  await expect(rowOf(ids[0]!)).toContainText('明达数据保护协议.pdf');
  await expect(rowOf(ids[1]!).locator('[data-status]')).toHaveAttribute('data-status', 'red');
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await quietScreenshot(page, 'agreements-page');

  // The posture: agreements red while 宁波宏远 has none, green once it has; people red (the conduct acknowledgements).
  await nav.getByRole('link', { name: '安全合规概况' }).click();
  await expect(page.locator('tr[data-fact="agreements"]')).toHaveAttribute('data-status', 'red');
  await expect(page.locator('tr[data-fact="people"]')).toHaveAttribute('data-status', 'red');
  await value(page, 'agreements:record', {
    clientId: ids[1],
    signedOn: '2026-01-05',
    scope: '工资与社保申报',
    renewalDate: null,
  });
  await page.reload();
  await expect(page.locator('tr[data-fact="agreements"]')).toHaveAttribute('data-status', 'green');
  await quietScreenshot(page, 'people-agreements-posture');
  expect(existsSync(exportDir) && readdirSync(exportDir)).toEqual(['陈会计保密协议.pdf']);

  // The auditor reads both registers and records nothing: no buttons, and the core refuses (audited).
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: AUDITOR.username, password: AUDITOR.temp });
  await value(page, 'account:changePassword', { currentPassword: AUDITOR.temp, newPassword: AUDITOR.password });
  await page.goto(`${harness.url}#/people`);
  await expect(page.getByRole('heading', { name: '人员与培训', level: 1 })).toBeVisible();
  await expect(page.getByTestId('people-sessions')).toContainText('个人信息保护法与客户资料保密');
  await expect(page.getByTestId('people-ack-open')).toHaveCount(0);
  await expect(page.getByTestId('people-training-open')).toHaveCount(0);
  await expect(
    value(page, 'people:acknowledge', { username: AUDITOR.username, kind: 'conduct', signedOn: '2026-01-05' }),
  ).rejects.toThrow('E_FORBIDDEN');
  await page.goto(`${harness.url}#/agreements`);
  await expect(page.getByRole('heading', { name: '客户保密协议', level: 1 })).toBeVisible();
  await expect(page.getByTestId('agreement-open')).toHaveCount(0);
  await expect(page.locator(`tr[data-client="${ids[0]}"]`)).toContainText('已附文件（无此客户的密钥）');
  await quietScreenshot(page, 'agreements-auditor');
});
