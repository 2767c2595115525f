/**
 * Drop a file (issue 14, Build 2): a manager drops a WeChat Pay bill onto the import wizard and
 * sees it opened, detected and previewed as one picked from the open dialog would be; the page
 * never names a path (in the app the preload takes it from Electron and main checks it,
 * src/main/drop.ts; this browser harness stands in with the File's bytes). The drop is a real
 * DOM drop: dragenter, dragover and drop events carrying a DataTransfer with the File.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { MfaEnrolment } from '../../src/shared/contract';
import { expect, test, type HarnessProcess } from './fixtures';
import { ADMIN, ipcValue as value } from './helpers';

const MANAGER = {
  username: 'zhoujl',
  displayName: '周经理',
  temp: 'Linshi-2024-jingli',
  password: 'Jingli-own-2024-pass',
};
const CLIENT = '苏州恒通商贸有限公司';
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/import/wechat.csv');
const FILE_NAME = '微信支付账单(拖入).csv';
const SHOTS = '/tmp/pw-drop';

async function enrolMfa(page: Page): Promise<void> {
  const enrolment = await value<MfaEnrolment>(page, 'account:mfaBegin');
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(enrolment.secret), timeStep(new Date())) });
}

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
  await value(page, 'clients:create', { name: CLIENT });
}

/** Dispatches the browser's drag events for a file on the element, as a drop from the desktop does. */
async function dragFile(page: Page, events: string[], name: string, bytes: Buffer): Promise<void> {
  await page.getByTestId('import-drop').evaluate(
    (el, { events, name, b64 }) => {
      // The page's own DOM classes (this file is typed for Node, without the DOM's).
      const dom = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        DragEvent: new (type: string, init: object) => unknown;
        File: new (bits: unknown[], name: string, options: object) => unknown;
      };
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new dom.DataTransfer();
      transfer.items.add(new dom.File([data], name, { type: 'text/csv' }));
      const target = el as unknown as { dispatchEvent(event: unknown): boolean };
      for (const type of events)
        target.dispatchEvent(new dom.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    },
    { events, name, b64: bytes.toString('base64') },
  );
}

test('import: a file dropped onto the wizard is opened by the core and previewed', async ({ page, harness }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await prepare(page, harness);
  await page.goto(`${harness.url}#/home`);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '导入' }).click();
  await expect(page.getByRole('heading', { name: '导入', level: 1 })).toBeVisible();
  await expect(page.getByTestId('import-client')).toContainText(CLIENT);
  await expect(page.getByText('或把文件拖到这里')).toBeVisible();

  // Dragged over: the wizard says the file may be dropped.
  const bytes = readFileSync(FIXTURE);
  await dragFile(page, ['dragenter', 'dragover'], FILE_NAME, bytes);
  await expect(page.getByRole('status').filter({ hasText: '松开鼠标即可读取此文件' })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'import-drop-over.png') });

  // Dropped: opened by the core as a picked file would be, detected, every row classified.
  await dragFile(page, ['drop'], FILE_NAME, bytes);
  await expect(page.getByRole('status').filter({ hasText: '松开鼠标即可读取此文件' })).toHaveCount(0);
  await expect(page.getByTestId('import-file')).toContainText(FILE_NAME);
  await expect(page.getByTestId('import-detected')).toContainText('识别为 微信支付');
  await expect(page.getByTestId('import-count-imported')).toHaveText('4');
  await expect(page.getByTestId('import-count-rejected')).toHaveText('0');
  await expect(page.getByTestId('import-rows').locator('[data-status="new"]')).toHaveCount(4);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(SHOTS, 'import-drop-preview.png') });

  // The pick the page got is a handle and a name, never a path; the core refuses a pick with no drop behind it.
  const again = await value(page, 'import:pick', { dropped: true });
  expect(again).toBeNull();
});
