/**
 * 内部审计 (issue 17, Build 8), zh-CN at 1366x768: the posture's findings row (amber: no audit
 * held) opens the screen; the admin plans an audit, records it held with
 * a conclusion, records two findings (one owned by the accountant), closes one with a resolution,
 * and opens the audit's report, printed without the app's chrome, and in English; the findings row is
 * green (nothing overdue, an audit held this year). An auditor reads the register but is offered
 * no change, and the core refuses one.
 */
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { MfaEnrolment } from '../../src/shared/contract';
import { quietScreenshot, secondFactor, type Mfa } from './access-helpers';
import { expectNoSeriousViolations } from './axe';
import { expect, test } from './fixtures';
import { ADMIN, chooseOption, ipcValue as value } from './helpers';

const ACCOUNTANT = { username: 'chenhui', displayName: '陈会计', password: 'Kuaiji-2024-linshi' };
const AUDITOR = { username: 'zhoushen', displayName: '周审计', password: 'Shenji-2024-linshi' };
const AUDIT = '2026 年度信息安全内部审计';

async function enrol(page: Page): Promise<Mfa> {
  const e = await value<MfaEnrolment>(page, 'account:mfaBegin');
  const step = timeStep(new Date());
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(e.secret), step) });
  return { secret: e.secret, recoveryCodes: [...e.recoveryCodes], lastStep: step };
}

const save = (page: Page) => page.getByRole('dialog').getByRole('button', { name: /保\s*存/ });

async function choose(page: Page, testId: string, option: string) {
  await chooseOption(page, page.getByRole('dialog').getByTestId(testId), option);
}

async function addFinding(
  page: Page,
  f: { title: string; detail: string; severity: string; owner: string },
): Promise<void> {
  await page.locator(`tr[data-audit="${AUDIT}"]`).getByRole('button', { name: '登记发现' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('登记审计发现');
  await dialog.getByLabel('发现').fill(f.title);
  await dialog.getByLabel('详细说明').fill(f.detail);
  await choose(page, 'ia-severity', f.severity);
  await choose(page, 'ia-owner', f.owner);
  await save(page).click();
  await expect(page.locator(`tr[data-finding="${f.title}"]`)).toBeVisible();
  await expect(dialog).toBeHidden();
}

test('internal audit: plan, held, two findings, one closed, and the printed report', async ({ page, harness }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(harness.url);
  await value(page, 'vault:create', {
    adminUsername: ADMIN.username,
    adminDisplayName: ADMIN.displayName,
    password: ADMIN.password,
  });
  const adminMfa = await enrol(page);
  await value(page, 'users:create', { ...ACCOUNTANT, role: 'accountant' as const });
  await value(page, 'users:create', { ...AUDITOR, role: 'auditor' as const });
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', {
    username: ADMIN.username,
    password: ADMIN.password,
    totp: secondFactor(adminMfa),
  });

  // With no audit held the posture's findings row is amber, and its fix opens the screen under 合规管理.
  await page.goto(`${harness.url}#/home`);
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('button', { name: '合规管理' }).click();
  await nav.getByRole('link', { name: '安全合规概况' }).click();
  const fact = page.locator('tr[data-fact="findings"]');
  await expect(fact).toHaveAttribute('data-status', 'amber');
  await expect(fact).toContainText('尚未记录任何已实施的内部审计');
  await fact.getByRole('button', { name: '去处理' }).click();
  await expect(page.getByRole('heading', { name: '内部审计', level: 1 })).toBeVisible();
  await expect(nav.getByRole('link', { name: '内部审计' })).toBeVisible();
  await expect(page.getByText('尚未计划任何内部审计。')).toBeVisible();

  // Plan an audit; a blank scope is refused before it is sent.
  await page.getByTestId('ia-plan-add').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('标题').fill(AUDIT);
  await dialog.getByLabel('审计人').fill('李明（外聘审计师）');
  await save(page).click();
  await expect(dialog.getByText('此项为必填项。')).toBeVisible();
  await dialog.getByLabel('审计范围').fill('员工账号与权限、备份与恢复、客户保密协议、审计日志');
  await save(page).click();
  const auditRow = page.locator(`tr[data-audit="${AUDIT}"]`);
  await expect(auditRow).toContainText('未实施');
  await expect(dialog).toBeHidden();

  // Record it held, with its conclusion.
  await auditRow.getByRole('button', { name: '记录实施' }).click();
  await dialog.getByLabel('审计结论').fill('总体符合要求；备份恢复演练与离职账号停用两项需整改。');
  await save(page).click();
  await expect(dialog).toBeHidden();
  await expect(auditRow).not.toContainText('未实施');

  // Two findings, one owned by the accountant.
  await addFinding(page, {
    title: '备份从未做过恢复演练',
    detail: '2026 年没有任何一次从备份恢复的记录，无法证明备份可用。',
    severity: '高',
    owner: ACCOUNTANT.displayName,
  });
  await addFinding(page, {
    title: '离职员工账号停用不及时',
    detail: '一名离职员工的账号在离职后 9 天才停用。',
    severity: '中',
    owner: ADMIN.displayName,
  });
  await expect(auditRow).toContainText('2 项未关闭 / 共 2 项');
  await quietScreenshot(page, 'internal-audit-two-findings');
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, 'internal audit page');

  // Closing needs a resolution; then it is closed, by whom and when shown.
  const closing = page.locator('tr[data-finding="离职员工账号停用不及时"]');
  await closing.getByRole('button', { name: /^关\s*闭$/ }).click();
  await save(page).click();
  await expect(dialog.getByText('此项为必填项。')).toBeVisible();
  await dialog.getByLabel('整改结果').fill('账号已停用；离职流程增加“当日停用账号”核对项，由经理签字确认。');
  await save(page).click();
  await expect(dialog).toBeHidden();
  await expect(closing.locator('[data-status="closed"]')).toBeVisible();
  await expect(closing).toContainText(`${ADMIN.username} 于`);
  await expect(auditRow).toContainText('1 项未关闭 / 共 2 项');
  await quietScreenshot(page, 'internal-audit-one-closed');

  // The posture: nothing overdue and an audit held this year, so the findings row is green.
  await nav.getByRole('link', { name: '安全合规概况' }).click();
  await expect(fact).toHaveAttribute('data-status', 'green');
  await expect(fact.getByRole('button')).toHaveCount(0);
  await expect(fact).toContainText('未关闭 1 · 逾期 0');

  // The report, on screen and as printed (no navigation, header or buttons).
  await nav.getByRole('link', { name: '内部审计' }).click();
  await auditRow.getByRole('button', { name: '审计报告' }).click();
  const report = page.getByTestId('ia-report');
  await expect(page.getByRole('heading', { name: '内部审计报告', level: 1 })).toBeVisible();
  await expect(report).toContainText('李明（外聘审计师）');
  await expect(report).toContainText('审计发现（共 2 项，未关闭 1 项，逾期 0 项）');
  await expect(report.locator('tr[data-finding="备份从未做过恢复演练"]')).toContainText(
    `${ACCOUNTANT.displayName}（${ACCOUNTANT.username}）`,
  );
  await expect(report.locator('tr[data-finding="离职员工账号停用不及时"]')).toContainText('当日停用账号');
  await quietScreenshot(page, 'internal-audit-report');
  await expectNoSeriousViolations(page, 'internal audit report');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: /^打\s*印$/ })).toBeHidden();
  await expect(nav).toBeHidden();
  await quietScreenshot(page, 'internal-audit-report-print');
  await page.emulateMedia({ media: 'screen' });

  // The same report in English.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Internal audit report', level: 1 })).toBeVisible();
  await expect(report).toContainText('Findings (2 in all, 1 open, 0 overdue)');
  await expect(report.locator('tr[data-finding="离职员工账号停用不及时"]')).toContainText('Closed');
  await quietScreenshot(page, 'internal-audit-report-en');
  await page.getByText('中文', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '内部审计报告', level: 1 })).toBeVisible();

  // The auditor reads the register but is offered no change, and the core refuses one.
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: AUDITOR.username, password: AUDITOR.password });
  await value(page, 'account:changePassword', {
    currentPassword: AUDITOR.password,
    newPassword: 'Shenji-own-2024-pass',
  });
  await page.goto(`${harness.url}#/home`);
  await expect(page.getByTestId('home')).toBeVisible();
  await nav.getByRole('button', { name: '合规管理' }).click();
  await nav.getByRole('link', { name: '内部审计' }).click();
  await expect(page.getByRole('heading', { name: '内部审计', level: 1 })).toBeVisible();
  await expect(page.locator(`tr[data-audit="${AUDIT}"]`)).toBeVisible();
  await expect(page.getByTestId('ia-plan-add')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^关\s*闭$/ })).toHaveCount(0);
  await expect(
    value(page, 'internalAudit:plan', { title: 'x', scope: 'y', plannedOn: '2026-12-01', auditor: 'z' }),
  ).rejects.toThrow(/E_FORBIDDEN/);
});
