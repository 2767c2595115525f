/**
 * Accessibility of every screen: an axe-core scan (WCAG 2.1 A and AA) with no serious or critical
 * violation, one h1 per screen that the window title repeats, a main landmark, password reveal
 * buttons out of the Tab order and named, in Chinese and in English. Each screen is also saved at
 * 1366x768 and 1920x1080 (test-results/screenshots/a11y-*.png).
 *
 * The signed-in screens are found from the navigation each role sees, so a screen added later is
 * scanned without touching this file.
 */
import type { Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { ClientSummary, IpcResult, MfaEnrolment, RecordView } from '../../src/shared/contract';
import { changeTemporaryPassword, enrolMfa, lock, signIn, type Mfa } from './access-helpers';
import { expectPageStructure, formatFindings, seriousViolations } from './axe';
import { expect, test, type HarnessProcess } from './fixtures';
import { ADMIN, confirmKit, createVault, readRecoveryKey } from './helpers';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots');
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** Every screen's findings, reported together at the end of a test (one run names them all). */
class Scan {
  readonly problems: string[] = [];
  readonly screens: string[] = [];

  constructor(private readonly page: Page) {}

  /** Screenshots at both sizes, then axe and the page structure at 1366x768. */
  async screen(name: string, opts: { structure?: boolean } = {}): Promise<void> {
    const page = this.page;
    this.screens.push(name);
    await mkdir(SHOTS, { recursive: true });
    await expect(page.locator('.ant-message-notice')).toHaveCount(0);
    for (const size of [...VIEWPORTS].reverse()) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SHOTS, `a11y-${name}-${size.width}.png`) });
    }
    const findings = await seriousViolations(page);
    if (findings.length > 0) {
      this.problems.push(formatFindings(name, findings));
      console.log(formatFindings(name, findings));
    }
    if (opts.structure !== false) {
      try {
        await expectPageStructure(page, name);
      } catch (err) {
        this.problems.push(`[${name}] ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }

  /** Opens each link of the main navigation in turn and scans the screen it shows. */
  async everyNavScreen(prefix: string): Promise<void> {
    const nav = this.page.getByRole('navigation', { name: /主导航|Main navigation/ });
    const names = await nav.getByRole('link').allTextContents();
    expect(names.length).toBeGreaterThan(1);
    for (const name of names) {
      const link = nav.getByRole('link', { name, exact: true });
      const href = (await link.getAttribute('href')) ?? '';
      await link.click();
      // (A screen's title may say more than its link: 客户与授权 is 我的客户 for an accountant.)
      await expect(this.page).toHaveURL(new RegExp(`${href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      await expect(this.page.locator('h1').first()).toBeVisible();
      await expect(this.page.locator('.ant-spin-spinning')).toHaveCount(0);
      await this.screen(`${prefix}-${name}`);
    }
  }

  done(): void {
    expect(this.problems, `accessibility problems on:\n${this.problems.join('\n')}`).toEqual([]);
  }
}

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

async function bridgeMfa(page: Page): Promise<Mfa> {
  const enrolment = await value<MfaEnrolment>(page, 'account:mfaBegin');
  const step = timeStep(new Date());
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(enrolment.secret), step) });
  return { secret: enrolment.secret, recoveryCodes: enrolment.recoveryCodes, lastStep: step };
}

/** User name and password on the unlock screen, for an account whose next stop is not home. */
async function enterPassword(page: Page, person: { username: string; password: string }): Promise<void> {
  await expect(page.getByRole('heading', { name: '解锁保险库' })).toBeVisible();
  await page.getByLabel('用户名').fill(person.username);
  await page.getByLabel('密码', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: '解锁' }).click();
}

/** The password reveal buttons on screen: not Tab stops, named in the UI's language, still clickable. */
async function expectRevealButtons(page: Page, name: RegExp): Promise<void> {
  const toggles = page.locator('.ant-input-password-icon');
  expect(await toggles.count()).toBeGreaterThan(0);
  for (const toggle of await toggles.all()) {
    await expect(toggle).toHaveAttribute('tabindex', '-1');
    await expect(toggle).toHaveAccessibleName(name);
  }
}

test('a11y: setup, recovery kit, MFA, unlock and every admin screen, in Chinese and English', async ({
  page,
  harness,
}) => {
  test.setTimeout(480_000);
  const scan = new Scan(page);
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: '创建保险库' })).toBeVisible();
  await expect(page).toHaveTitle('创建保险库 - 账安 LedgerVault');
  await expectRevealButtons(page, /^显示密码$/);
  // Tab from the password goes to its confirmation, not to the reveal button; a click still reveals.
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('密码', { exact: true }).press('Tab');
  await expect(page.getByLabel('确认密码')).toBeFocused();
  await page.locator('.ant-input-password-icon').first().click();
  await expect(page.getByLabel('密码', { exact: true })).toHaveAttribute('type', 'text');
  await expect(page.locator('.ant-input-password-icon').first()).toHaveAccessibleName('隐藏密码');
  await page.getByLabel('密码', { exact: true }).fill('');
  await scan.screen('setup');
  await page.getByRole('button', { name: '创建保险库' }).click();
  await expect(page.locator('.ant-form-item-explain-error').first()).toBeVisible();
  await scan.screen('setup-errors');

  await createVault(page);
  await readRecoveryKey(page);
  await scan.screen('recovery-kit');
  await confirmKit(page);
  await expect(page.getByRole('heading', { name: '启用两步验证' })).toBeVisible();
  await scan.screen('restricted-mfa');
  const mfa = await enrolMfa(page);

  await scan.everyNavScreen('admin');
  // Dialogs over the screens: a new staff member, an audit event's details.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '员工与角色' }).click();
  await page.getByRole('button', { name: '新建员工' }).click();
  await expect(page.getByRole('dialog', { name: '新建员工' })).toBeVisible();
  await expectRevealButtons(page, /^显示密码$/);
  await scan.screen('admin-new-staff');
  await page.keyboard.press('Escape');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '审计日志' }).click();
  await page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().getByRole('button').first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await scan.screen('admin-audit-details');
  await page.keyboard.press('Escape');

  // The lock button and the language switch are named; the unlock screen and its code step.
  await expect(page.getByRole('button', { name: /^锁定/ })).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: '界面语言' })).toBeVisible();
  await lock(page);
  await expectRevealButtons(page, /^显示密码$/);
  await scan.screen('unlock');
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码', { exact: true }).fill('wrong-password-123');
  await page.getByRole('button', { name: '解锁' }).click();
  await expect(page.locator('[data-code]')).toBeVisible();
  await scan.screen('unlock-error');
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: '解锁' }).click();
  await expect(page.getByLabel('动态码')).toBeFocused();
  await scan.screen('unlock-code');
  await page.getByLabel('动态码').fill(totpAt(base32Decode(mfa.secret), timeStep(new Date())));
  mfa.lastStep = timeStep(new Date());
  await page.getByRole('button', { name: '解锁' }).click();
  await expect(page).toHaveURL(/#\/home$/);

  // English: the same screens, named in English (window titles included).
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('radiogroup', { name: 'Language' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Lock/ })).toBeVisible();
  await scan.everyNavScreen('admin-en');
  await page.getByRole('button', { name: /^Lock/ }).click();
  await expect(page.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible();
  await expectRevealButtons(page, /^Show password$/);
  await scan.screen('unlock-en');
  scan.done();
});

const MANAGER = {
  username: 'lijingli',
  displayName: '李经理',
  temp: 'Linshi-2024-jingli',
  password: 'Jingli-own-2024',
};
const ACCOUNTANT = {
  username: 'zhaokuaiji',
  displayName: '赵会计',
  temp: 'Linshi-2024-kuaiji',
  password: 'Kuaiji-own-2024',
};
const AUDITOR = {
  username: 'qianshenji',
  displayName: '钱审计',
  temp: 'Linshi-2024-shenji',
  password: 'Shenji-own-2024',
};

/** Admin, manager, accountant and auditor; two clients with records; ends signed out. */
async function prepareOffice(page: Page, harness: HarnessProcess): Promise<Mfa> {
  await page.goto(harness.url);
  await expect(page).toHaveURL(/#\/setup$/);
  await value(page, 'vault:create', {
    adminUsername: ADMIN.username,
    adminDisplayName: ADMIN.displayName,
    password: ADMIN.password,
  });
  await bridgeMfa(page);
  for (const [person, role] of [
    [MANAGER, 'manager'],
    [ACCOUNTANT, 'accountant'],
    [AUDITOR, 'auditor'],
  ] as const) {
    await value(page, 'users:create', {
      username: person.username,
      displayName: person.displayName,
      role,
      password: person.temp,
    });
  }
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: MANAGER.username, password: MANAGER.temp });
  await value(page, 'account:changePassword', { currentPassword: MANAGER.temp, newPassword: MANAGER.password });
  const managerMfa = await bridgeMfa(page);
  for (const name of ['杭州明达科技有限公司', '甲贸易有限公司']) {
    const client = await value<ClientSummary>(page, 'clients:create', { name });
    await value(page, 'grants:set', { username: ACCOUNTANT.username, clientId: client.id, canWrite: true });
    const seed = [
      { occurredAt: '2024-03-01 09:30', direction: 'in', amount: '1,200.50', counterparty: '张三', memo: '货款' },
      { occurredAt: '2024-03-02 10:00', direction: 'out', amount: '88', counterparty: '丙文具店', memo: '办公用品' },
    ];
    for (const r of seed) {
      await value<RecordView>(page, 'records:add', {
        clientId: client.id,
        ...r,
        counterpartyAccount: '6222021234567890123',
      });
    }
  }
  await value(page, 'vault:lock');
  await page.reload();
  return managerMfa;
}

/** The records screen's row actions, by the start of their names (they go on to name the record). */
function rowButton(page: Page, name: RegExp) {
  return page.getByTestId('records-table').locator('.ant-table-row').first().getByRole('button', { name });
}

test('a11y: manager and accountant screens, records dialogs, forced password change', async ({ page, harness }) => {
  test.setTimeout(480_000);
  const scan = new Scan(page);
  const managerMfa = await prepareOffice(page, harness);

  // The manager: every screen, then the records screen's drawers and dialogs.
  await signIn(page, { username: MANAGER.username, password: MANAGER.password }, managerMfa);
  await scan.everyNavScreen('manager');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '支付记录' }).click();
  await expect(page.getByTestId('records-table')).toHaveAttribute('aria-busy', 'false');
  await rowButton(page, /^查看完整账号/).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await scan.screen('manager-reveal');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await rowButton(page, /^修改(记录|历史)/).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await scan.screen('manager-history');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await lock(page);

  // The accountant: the forced password change first, then her screens and the entry drawer.
  await enterPassword(page, { username: ACCOUNTANT.username, password: ACCOUNTANT.temp });
  await expect(page.getByRole('heading', { name: '修改密码' })).toBeVisible();
  await expectRevealButtons(page, /^显示密码$/);
  await scan.screen('restricted-password');
  await changeTemporaryPassword(page, ACCOUNTANT.temp, ACCOUNTANT.password);
  await scan.everyNavScreen('accountant');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '支付记录' }).click();
  await expect(page.getByTestId('records-table')).toHaveAttribute('aria-busy', 'false');
  await page.getByRole('button', { name: /^新增记录/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await scan.screen('accountant-entry');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await rowButton(page, /^编辑/).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await scan.screen('accountant-edit');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await rowButton(page, /^删除/).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await scan.screen('accountant-delete');
  await page.keyboard.press('Escape');
  // Records in English: amounts, tags and row actions.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payment records' })).toBeVisible();
  await scan.screen('accountant-records-en');
  await page.getByText('中文', { exact: true }).click();
  scan.done();
});

test('a11y: the auditor screens', async ({ page, harness }) => {
  test.setTimeout(480_000);
  const scan = new Scan(page);
  await prepareOffice(page, harness);
  // The forced password change, then the audit log and the rest.
  await enterPassword(page, { username: AUDITOR.username, password: AUDITOR.temp });
  await changeTemporaryPassword(page, AUDITOR.temp, AUDITOR.password);
  await scan.everyNavScreen('auditor');
  scan.done();
});
