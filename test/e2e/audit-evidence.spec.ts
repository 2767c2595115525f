/**
 * Verify against an export (issue 12, Build 3: an evidence report's head is an anchor): in the
 * audit viewer, a manager picks a signed JSONL export made earlier, kept off the workstation, and
 * verify holds the chain to the head it recorded. The harness's open dialog offers the newest file
 * in its `to-open` folder (none: the user cancelled).
 */
import { copyFileSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import type { MfaEnrolment } from '../../src/shared/contract';
import { expect, screenshot, test } from './fixtures';
import { ADMIN, ipcValue as ipc } from './helpers';

test('verify against an export kept elsewhere: cancel, the right file, a wrong file, in Chinese and English', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await ipc(page, 'vault:create', {
    adminUsername: ADMIN.username,
    adminDisplayName: ADMIN.displayName,
    password: ADMIN.password,
  });
  const enrolment = await ipc<MfaEnrolment>(page, 'account:mfaBegin');
  await ipc(page, 'account:mfaConfirm', { code: totpAt(base32Decode(enrolment.secret), timeStep(new Date())) });
  await page.goto(`${harness.url}#/audit`);
  await expect(page.getByRole('heading', { name: '审计日志' })).toBeVisible();

  // The export the manager took home on a USB drive.
  await page.getByRole('button', { name: '导出签名 JSONL' }).click();
  await expect(page.getByTestId('audit-export-result')).toContainText('已导出 JSONL');
  const exported = ((await page.getByTestId('audit-export-path').textContent()) ?? '').trim();
  const lastLine = readFileSync(exported, 'utf8').trim().split('\n').at(-1)!;
  const recordedHead = (JSON.parse(lastLine) as { vaultChainHead: { seq: number } }).vaultChainHead.seq;
  // Work goes on after it: the chain grows past the recorded head.
  await page.getByRole('button', { name: '校验完整性' }).click();
  await expect(page.getByTestId('audit-verify-result')).toHaveAttribute('data-ok', 'true');

  const button = page.getByRole('button', { name: '对照导出文件校验…' });
  await button.hover();
  await expect(page.getByRole('tooltip').filter({ hasText: 'U 盘' })).toContainText('签名 JSONL');

  // Nothing picked (the dialog cancelled): the last result stays, nothing else happens.
  await button.click();
  await expect(button).not.toHaveClass(/ant-btn-loading/);
  await expect(page.getByTestId('audit-verify-evidence')).toHaveCount(0);

  const pickDir = path.join(path.dirname(harness.vaultDir), 'to-open');
  mkdirSync(pickDir, { recursive: true });
  const picked = path.join(pickDir, '审计导出-U盘.jsonl');
  copyFileSync(exported, picked);
  await button.click();
  const result = page.getByTestId('audit-verify-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('audit-verify-evidence')).toHaveText(
    `与导出文件 审计导出-U盘.jsonl 记下的审计头（第 ${recordedHead} 号事件）一致：此后的事件均在其后续链上。`,
  );
  await screenshot(page, '34-audit-verify-against-export');

  // A file that is not a signed export of this vault: refused in words, nothing verified.
  const wrong = path.join(pickDir, 'notes.jsonl');
  writeFileSync(wrong, '{"seq":1}\n');
  const later = new Date(Date.now() + 60_000);
  utimesSync(wrong, later, later);
  await button.click();
  const refused = page.getByRole('alert').filter({ hasText: '无法校验审计日志' });
  await expect(refused).toContainText('不是本保险库有效签名的审计导出');

  // English.
  await page.evaluate("localStorage.setItem('ledgervault.locale', 'en')");
  await page.reload();
  // The screen has loaded its events before the check is asked for: a result shown while the
  // first load was still on its way was cleared by it on a loaded machine.
  await expect(page.getByText(/events kept, from/)).toBeVisible();
  const en = page.getByRole('button', { name: 'Verify against an export…' });
  utimesSync(picked, new Date(Date.now() + 120_000), new Date(Date.now() + 120_000));
  await en.click();
  await expect(page.getByTestId('audit-verify-evidence')).toContainText(
    `Agrees with the audit head recorded in the export 审计导出-U盘.jsonl (event ${recordedHead})`,
  );
});
