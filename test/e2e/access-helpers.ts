/**
 * Steps of the identity and access flows, through the screens as a person would use them
 * (Chinese UI): two-step verification enrolment and sign-in codes, the forced password change,
 * signing in and out, and the admin's staff screen.
 */
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { expect, screenshot } from './fixtures';
import { chooseOption, confirmKit, createVault, readRecoveryKey } from './helpers';

export interface Person {
  username: string;
  displayName?: string;
  password: string;
}

/** What a person keeps from enrolling: the key in their app, the paper codes, the last step used. */
export interface Mfa {
  secret: string;
  recoveryCodes: string[];
  lastStep: number;
}

/**
 * A second factor for the next sign-in: the app's current code if its 30-second step has not been
 * used yet (the core accepts each step once), else one of the recovery codes (each works once).
 */
export function secondFactor(mfa: Mfa): string {
  const step = timeStep(new Date());
  if (step > mfa.lastStep) {
    mfa.lastStep = step;
    return totpAt(base32Decode(mfa.secret), step);
  }
  const code = mfa.recoveryCodes.shift();
  if (!code) throw new Error('no recovery codes left');
  return code;
}

const ENROL_TEXT = {
  'zh-CN': { heading: '启用两步验证', qr: /两步验证二维码/, code: '6 位动态码', confirm: '确认' },
  en: { heading: 'Set up two-step verification', qr: /QR code/, code: '6-digit code', confirm: 'Confirm' },
} as const;

/**
 * On the 启用两步验证 screen: reads the key and the recovery codes from the page, as a person
 * would copy them, and confirms with the code an authenticator app would show now.
 */
export async function enrolMfa(page: Page, shot?: string, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Mfa> {
  const text = ENROL_TEXT[lang];
  const heading = page.getByRole('heading', { name: text.heading });
  await expect(heading).toBeVisible();
  const secretBox = page.getByTestId('mfa-secret');
  await expect(secretBox.locator('span').first()).toBeVisible();
  const groups = await secretBox.locator('span').allTextContents();
  for (const group of groups) expect(group).toMatch(/^[A-Z2-7]{1,4}$/);
  const secret = groups.join('');
  expect(secret).toHaveLength(32);
  const codeItems = page.getByTestId('mfa-recovery-codes').locator('li');
  await expect(codeItems).toHaveCount(10);
  const recoveryCodes = await codeItems.allTextContents();
  for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  await expect(page.getByRole('img', { name: text.qr })).toBeVisible();
  await expect(page.getByRole('button', { name: /复制|copy/i })).toHaveCount(0);
  if (shot) await quietScreenshot(page, shot);

  const step = timeStep(new Date());
  await page.getByLabel(text.code).fill(totpAt(base32Decode(secret), step));
  await page.getByRole('button', { name: text.confirm, exact: true }).click();
  await expect(heading).toBeHidden();
  return { secret, recoveryCodes, lastStep: step };
}

/** Creates the vault, keeps the kit and enrols the admin in MFA (which the role requires). */
export async function setUpVault(page: Page, url: string): Promise<Mfa> {
  await page.goto(url);
  await createVault(page);
  await readRecoveryKey(page);
  await confirmKit(page);
  return enrolMfa(page);
}

/** On the forced 修改密码 screen: from the temporary password to the person's own. */
export async function changeTemporaryPassword(page: Page, current: string, next: string, shot?: string) {
  const heading = page.getByRole('heading', { name: '修改密码' });
  await expect(heading).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByLabel('当前密码')).toBeFocused();
  if (shot) await quietScreenshot(page, shot);
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('确认新密码').fill(next);
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(heading).toBeHidden();
}

/** Locks with the header button; the unlock screen says it was locked. */
export async function lock(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^锁定/ }).click();
  await expect(page.getByRole('heading', { name: '解锁保险库' })).toBeVisible();
  await expect(page.getByText('保险库已锁定', { exact: true })).toBeVisible();
}

/** Signs in on the unlock screen, with a second factor when the account has one. */
export async function signIn(page: Page, person: Person, mfa?: Mfa): Promise<void> {
  await expect(page.getByRole('heading', { name: '解锁保险库' })).toBeVisible();
  await page.getByLabel('用户名').fill(person.username);
  await page.getByLabel('密码', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: '解锁' }).click();
  if (mfa) {
    const code = page.getByLabel('动态码');
    await expect(code).toBeFocused();
    await code.fill(secondFactor(mfa));
    await page.getByRole('button', { name: '解锁' }).click();
  }
  await expect(page).toHaveURL(/#\/home$/);
}

/** A screenshot once passing notices (antd messages) have gone, so they hide nothing. */
export async function quietScreenshot(page: Page, name: string): Promise<void> {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0);
  await screenshot(page, name);
}

/** The left navigation's links, by name. */
export async function navNames(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav).toBeVisible();
  return nav.getByRole('link').allTextContents();
}

export async function openNav(page: Page, name: string, heading = name): Promise<void> {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
}

/** 员工与角色 -> 新建员工: fills the modal and creates the account. */
export async function createStaff(
  page: Page,
  person: Person & { role: '管理员' | '经理' | '会计' | '审计员' },
  shot?: string,
) {
  await page.getByRole('button', { name: '新建员工' }).click();
  const dialog = page.getByRole('dialog', { name: '新建员工' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('用户名').fill(person.username);
  if (person.displayName) await dialog.getByLabel('显示名称').fill(person.displayName);
  await chooseOption(page, dialog.getByLabel('角色'), person.role, true);
  await dialog.getByLabel('临时密码', { exact: true }).fill(person.password);
  await dialog.getByLabel('确认临时密码').fill(person.password);
  if (shot) await quietScreenshot(page, shot);
  await dialog.getByRole('button', { name: '创建' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('cell', { name: person.username, exact: true })).toBeVisible();
}
