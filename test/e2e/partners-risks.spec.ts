/**
 * 合作方管理 and 风险登记 (issue 17, Builds 6-7), zh-CN at 1366x768: the admin records the bank's
 * enterprise service as a partner; never assessed, the posture's partners fact is red and its fix
 * opens the partners screen; the questionnaire (one "no", explained) suggests a conditional pass,
 * which turns the fact green. The manager adds the suggested risks with one click: "data loss" is
 * shown raised, because no verified backup was ever made, and "unauthorised access" because the
 * grants were never reviewed. An auditor reads both registers and is refused changes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { MfaEnrolment } from '../../src/shared/contract';
import { quietScreenshot, type Mfa } from './access-helpers';
import { expectNoSeriousViolations } from './axe';
import { expect, test } from './fixtures';
import { ADMIN, chooseOption, ipcValue as value } from './helpers';

const MANAGER = {
  username: 'sunli',
  displayName: '孙经理',
  temp: 'Linshi-2024-jingli',
  password: 'Jingli-own-2024-pass',
};
const AUDITOR = {
  username: 'zhoushen',
  displayName: '周审计',
  temp: 'Shenji-2024-linshi',
  password: 'Shenji-own-2024-pass',
};
const BANK = '招商银行企业网银';
const CONTRACT = Buffer.from('%PDF-1.4\n招商银行企业网银服务协议（含保密条款）\n%%EOF\n');

/** Puts a file where the harness's open dialog picks it (test/harness/server.ts). */
function offer(vaultDir: string, name: string, bytes: Buffer): void {
  const dir = path.join(path.dirname(vaultDir), 'to-open');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), bytes);
}

async function enrol(page: Page): Promise<Mfa> {
  const e = await value<MfaEnrolment>(page, 'account:mfaBegin');
  const step = timeStep(new Date());
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(e.secret), step) });
  return { secret: e.secret, recoveryCodes: [...e.recoveryCodes], lastStep: step };
}

async function openCompliance(page: Page, link: string) {
  const nav = page.getByRole('navigation', { name: '主导航' });
  const item = nav.getByRole('link', { name: link });
  if ((await item.count()) === 0) await nav.getByRole('button', { name: '合规管理' }).click();
  await item.click();
  await expect(page.getByRole('heading', { name: link, level: 1 })).toBeVisible();
}

const factRow = (page: Page, fact: string) => page.locator(`tr[data-fact="${fact}"]`);

test('partners and risks: an assessment clears the red partners fact; posture signals raise the suggested risks', async ({
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
  for (const [p, role] of [
    [MANAGER, 'manager'],
    [AUDITOR, 'auditor'],
  ] as const)
    await value(page, 'users:create', { username: p.username, displayName: p.displayName, password: p.temp, role });

  // The admin records a partner through the form.
  await page.goto(`${harness.url}#/home`);
  await openCompliance(page, '合作方管理');
  await expect(page.getByText('尚未登记合作方。')).toBeVisible();
  await page.getByTestId('partner-add').click();
  await page.getByTestId('partner-name').fill(BANK);
  await page.getByTestId('partner-data').fill('客户对公账户流水、电子回单');
  // The signed agreement, picked in the open dialog and kept in the vault with the partner.
  offer(harness.vaultDir, '招行服务协议.pdf', CONTRACT);
  await page.getByTestId('partner-file').click();
  await expect(page.getByTestId('partner-file-name')).toContainText('招行服务协议.pdf');
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, 'partners: partner form');
  await page.getByTestId('partner-save').click();
  const bank = page.locator(`tr[data-partner="${BANK}"]`);
  await expect(bank).toHaveAttribute('data-due', 'never');
  await expect(bank).toContainText('从未评估');
  await expect(bank).toContainText('银行企业服务');
  await expect(bank.getByRole('button', { name: '招行服务协议.pdf' })).toBeVisible();
  await quietScreenshot(page, 'partners-added-admin');

  // Never assessed: the posture's partners fact is red, naming it; its fix opens the partners screen.
  await openCompliance(page, '安全合规概况');
  await expect(factRow(page, 'partners')).toHaveAttribute('data-status', 'red');
  await expect(factRow(page, 'partners')).toContainText(BANK);
  await factRow(page, 'partners').getByRole('button', { name: '去处理' }).click();
  await expect(page.getByRole('heading', { name: '合作方管理', level: 1 })).toBeVisible();

  // The questionnaire: every question yes but the certification, explained; the answers suggest 有条件通过.
  await bank.getByRole('button', { name: '评估' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`安全评估：${BANK}`);
  const rows = dialog.locator('tr[data-question]');
  const count = await rows.count();
  expect(count).toBe(10);
  for (let i = 0; i < count; i += 1) await rows.nth(i).getByText('是', { exact: true }).click();
  const cert = dialog.locator('tr[data-question="certification"]');
  await cert.getByText('否', { exact: true }).click();
  await expect(page.getByTestId('assess-suggested')).toHaveText('根据回答建议：有条件通过');
  // A "no" without a comment is refused by the core, which names the question.
  await page.getByTestId('assess-save').click();
  await expect(dialog.locator('[data-code="E_INPUT"]')).toContainText('第 9 题');
  await cert.getByRole('textbox').fill('尚无等保测评报告，已要求 6 个月内提供');
  await quietScreenshot(page, 'partners-questionnaire');
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, 'partners: questionnaire');
  await page.getByTestId('assess-save').click();
  await expect(dialog).toBeHidden();
  await expect(bank).toHaveAttribute('data-due', 'ok');
  await expect(bank).toContainText('有条件通过');
  await bank.getByRole('button', { name: /展开行|Expand row/ }).click();
  await expect(page.getByText('尚无等保测评报告，已要求 6 个月内提供', { exact: false })).toBeVisible();
  await page.mouse.move(0, 0);
  await quietScreenshot(page, 'partners-assessed-admin');
  await expectNoSeriousViolations(page, 'partners page');

  await openCompliance(page, '安全合规概况');
  await expect(factRow(page, 'partners')).toHaveAttribute('data-status', 'green');
  await value(page, 'vault:lock');

  // The manager adds the suggested risks with one click; posture signals raise them.
  await value(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.temp });
  await value(page, 'account:changePassword', { currentPassword: MANAGER.temp, newPassword: MANAGER.password });
  await enrol(page);
  await page.goto(`${harness.url}#/home`);
  await openCompliance(page, '风险登记');
  await page.locator('[data-starter="dataLoss"]').click();
  const loss = page.locator('tr[data-risk="数据丢失"]');
  await expect(loss).toHaveAttribute('data-level', 'high');
  await expect(loss).toContainText('已上调');
  await expect(loss).toContainText('从未做过已验证的备份');
  await expect(loss).toContainText('2×5=10');
  await page.locator('[data-starter="unauthorisedAccess"]').click();
  await expect(page.locator('tr[data-risk="未授权访问"]')).toContainText('从未完成过权限复核');
  await expect(page.locator('[data-starter="dataLoss"]')).toHaveCount(0);
  // A risk of the office's own, with no signal: rated as entered.
  await page.getByTestId('risk-add').click();
  await page.getByTestId('risk-title').fill('报税软件停服');
  await chooseOption(page, page.getByTestId('risk-likelihood'), '2');
  await expect(page.getByTestId('risk-score')).toHaveText('评分 6（中）');
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, 'risks: risk form');
  await quietScreenshot(page, 'risks-form');
  await page.getByTestId('risk-save').click();
  await expect(page.locator('tr[data-risk="报税软件停服"]')).toHaveAttribute('data-level', 'medium');
  await page.mouse.move(0, 0);
  await quietScreenshot(page, 'risks-manager');
  await expectNoSeriousViolations(page, 'risks page');
  await value(page, 'vault:lock');

  // The auditor reads both registers, with no button to change them; the core refuses her changes.
  await value(page, 'vault:unlock', { username: AUDITOR.username, password: AUDITOR.temp });
  await value(page, 'account:changePassword', { currentPassword: AUDITOR.temp, newPassword: AUDITOR.password });
  await page.goto(`${harness.url}#/home`);
  await openCompliance(page, '风险登记');
  await expect(page.locator('tr[data-risk="数据丢失"]')).toHaveAttribute('data-level', 'high');
  await expect(page.getByTestId('risk-add')).toHaveCount(0);
  await expect(page.locator('[data-starter]')).toHaveCount(0);
  await quietScreenshot(page, 'risks-auditor');
  // In English the raise names its reason in English too (the posture's own wording).
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Risk register', level: 1 })).toBeVisible();
  await expect(page.locator('tr[data-risk="数据丢失"]')).toContainText('There has never been a verified backup.');
  await quietScreenshot(page, 'risks-auditor-en');
  await page.getByText('中文', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '风险登记', level: 1 })).toBeVisible();
  await openCompliance(page, '合作方管理');
  await expect(page.locator(`tr[data-partner="${BANK}"]`)).toContainText('有条件通过');
  await expect(page.getByTestId('partner-add')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '评估' })).toHaveCount(0);
  await page
    .locator(`tr[data-partner="${BANK}"]`)
    .getByRole('button', { name: /展开行|Expand row/ })
    .click();
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Partners', level: 1 })).toBeVisible();
  await expect(page.locator(`tr[data-partner="${BANK}"]`)).toContainText('Conditional');
  await page.mouse.move(0, 0);
  await quietScreenshot(page, 'partners-auditor-en');
  await page.getByText('中文', { exact: true }).click();
  await expect(value(page, 'risks:addStarter', { key: 'staffLeak', locale: 'zh-CN' })).rejects.toThrow(/E_FORBIDDEN/);
  await expect(
    value(page, 'partners:save', {
      name: '某 IT 服务商',
      kind: 'itSupport',
      dataShared: '远程维护电脑',
      agreementSignedOn: null,
      assessEveryMonths: 12,
      status: 'active',
    }),
  ).rejects.toThrow(/E_FORBIDDEN/);
});
