/**
 * 安全合规概况 and 访问权限复核 (issue 17, Builds 1-2), zh-CN at 1366x768: the admin's home card
 * and posture page say grants were never reviewed (red); the admin starts a round naming the
 * manager for the accountant's grants and revokes the auditor's grant; the manager confirms the
 * accountant's two grants, which closes the round; the posture then says grants were reviewed.
 */
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { ClientSummary, MfaEnrolment } from '../../src/shared/contract';
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
const ACCOUNTANT = { username: 'chenhui', displayName: '陈会计', password: 'Kuaiji-2024-linshi' };
const AUDITOR = { username: 'zhoushen', displayName: '周审计', password: 'Shenji-2024-linshi' };
const CLIENTS = ['杭州明达贸易有限公司', '宁波宏远物流有限公司'];

async function enrol(page: Page): Promise<Mfa> {
  const e = await value<MfaEnrolment>(page, 'account:mfaBegin');
  const step = timeStep(new Date());
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(e.secret), step) });
  return { secret: e.secret, recoveryCodes: [...e.recoveryCodes], lastStep: step };
}

async function row(page: Page, fact: string) {
  return page.locator(`tr[data-fact="${fact}"]`);
}

test('posture and an access review round: red until reviewed, a revoke and two confirmations close it', async ({
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
  await value(page, 'users:create', { ...ACCOUNTANT, role: 'accountant' as const });
  await value(page, 'users:create', { ...AUDITOR, role: 'auditor' });
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.temp });
  await value(page, 'account:changePassword', { currentPassword: MANAGER.temp, newPassword: MANAGER.password });
  const managerMfa = await enrol(page);
  const ids: number[] = [];
  for (const name of CLIENTS) ids.push((await value<ClientSummary>(page, 'clients:create', { name })).id);
  for (const clientId of ids)
    await value(page, 'grants:set', { username: ACCOUNTANT.username, clientId, canWrite: true });
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', {
    username: ADMIN.username,
    password: ADMIN.password,
    totp: secondFactor(adminMfa),
  });
  await value(page, 'grants:set', { username: AUDITOR.username, clientId: ids[0], canWrite: false });

  // The admin's home: the posture card names what needs action, grants never reviewed among them.
  await page.goto(`${harness.url}#/home`);
  const card = page.getByTestId('home-posture');
  await expect(card).toBeVisible();
  await expect(card.locator('[data-fact="reviewAge"]')).toContainText('从未完成过权限复核');
  await quietScreenshot(page, 'posture-home-admin');

  // The compliance screens sit folded under 合规管理 in the navigation until it is opened.
  const adminNav = page.getByRole('navigation', { name: '主导航' });
  await expect(adminNav.getByRole('link', { name: '安全合规概况' })).toHaveCount(0);
  await adminNav.getByRole('button', { name: '合规管理' }).click();
  await adminNav.getByRole('link', { name: '安全合规概况' }).click();
  await expect(page.getByRole('heading', { name: '安全合规概况', level: 1 })).toBeVisible();
  await expect(await row(page, 'reviewAge')).toHaveAttribute('data-status', 'red');
  await expect(await row(page, 'mfa')).toHaveAttribute('data-status', 'green');
  await expect(await row(page, 'backup')).toHaveAttribute('data-status', 'red');
  await expect(await row(page, 'people')).toHaveAttribute('data-status', 'red');
  await quietScreenshot(page, 'posture-page-admin');
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, 'posture page');

  // The audit chain's fix runs here: a full verification turns the row green.
  await expect(await row(page, 'audit')).toHaveAttribute('data-status', 'amber');
  await (await row(page, 'audit')).getByRole('button', { name: '立即完整校验' }).click();
  await expect(await row(page, 'audit')).toHaveAttribute('data-status', 'green');

  // The grants row's fix opens the review screen.
  await (await row(page, 'reviewAge')).getByRole('button', { name: '去处理' }).click();
  await expect(page.getByRole('heading', { name: '访问权限复核', level: 1 })).toBeVisible();
  await chooseOption(page, page.getByTestId('review-reviewer'), MANAGER.displayName);
  await page.getByTestId('review-start').click();
  const open = page.getByTestId('review-open');
  await expect(open).toBeVisible();
  await expect(page.getByTestId('review-progress')).toHaveText('已处理 0 / 3 项，撤销 0 项');
  await quietScreenshot(page, 'review-started-admin');
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, 'review page');

  // The admin decides the auditor's grant: revoked (the client's key changes, as on the clients screen).
  const auditorRow = page.locator(`tr[data-item="${AUDITOR.username}:${ids[0]}"]`);
  await auditorRow.getByRole('button', { name: '撤销' }).click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(auditorRow.locator('[data-decision="revoked"]')).toBeVisible();
  await expect(page.getByTestId('review-progress')).toHaveText('已处理 1 / 3 项，撤销 1 项');
  // The accountant's grants are the manager's to decide (an admin could too).
  for (const clientId of ids)
    await expect(page.locator(`tr[data-item="${ACCOUNTANT.username}:${clientId}"]`)).toContainText(MANAGER.username);
  const grants = await value<{ username: string }[]>(page, 'grants:list');
  expect(grants.filter((g) => g.username === AUDITOR.username)).toHaveLength(0);
  await value(page, 'vault:lock');

  // The manager confirms both; the round closes.
  await value(page, 'vault:unlock', {
    username: MANAGER.username,
    password: MANAGER.password,
    totp: secondFactor(managerMfa),
  });
  await page.goto(`${harness.url}#/review`);
  await expect(page.getByRole('heading', { name: '访问权限复核', level: 1 })).toBeVisible();
  await quietScreenshot(page, 'review-manager-pending');
  for (const clientId of ids) {
    const r = page.locator(`tr[data-item="${ACCOUNTANT.username}:${clientId}"]`);
    await r.getByRole('button', { name: '确认保留' }).click();
    await expect(r)
      .toBeHidden({ timeout: 10_000 })
      .catch(() => undefined);
  }
  await expect(page.getByText('目前没有进行中的复核。')).toBeVisible();
  await expect(page.getByText('3 / 3，撤销 1')).toBeVisible();
  await quietScreenshot(page, 'review-closed-manager');

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '安全合规概况' }).click();
  await expect(await row(page, 'reviewAge')).toHaveAttribute('data-status', 'green');
  await expect(await row(page, 'reviewRound')).toHaveAttribute('data-status', 'green');
  await quietScreenshot(page, 'posture-page-manager');
  // A manager has no software update screen: that fact offers no fix to her.
  await expect((await row(page, 'update')).getByRole('button')).toHaveCount(0);

  // An accountant sees neither screen nor the home card, and the core refuses her the facts.
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: ACCOUNTANT.username, password: ACCOUNTANT.password });
  await value(page, 'account:changePassword', {
    currentPassword: ACCOUNTANT.password,
    newPassword: 'Kuaiji-own-2024-pass',
  });
  await page.goto(`${harness.url}#/home`);
  await expect(page.getByTestId('home')).toBeVisible();
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav.getByRole('link', { name: '首页' })).toBeVisible();
  await expect(nav.getByRole('button', { name: '合规管理' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: '安全合规概况' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: '访问权限复核' })).toHaveCount(0);
  await expect(page.getByTestId('home-posture')).toHaveCount(0);
  await expect(value(page, 'posture:get')).rejects.toThrow(/E_FORBIDDEN/);
  await expect(value(page, 'review:start', { dueDate: '2099-01-01' })).rejects.toThrow(/E_FORBIDDEN/);
});
