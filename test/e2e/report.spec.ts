/**
 * 合规证据报告 (issue 17, Build 10), zh-CN at 1366x768: the admin opens the screen under 合规管理,
 * generates the report, previews it, saves the signed HTML and its PDF print through the save
 * dialog (the harness's export folder). The saved HTML verifies and an edited copy does not; the
 * HTML printed by Chromium (page.pdf()) and the saved PDF are rendered to PNG pages with pdftoppm
 * (under /tmp/pw-report, to look at).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { verifyReportPdf } from '../../src/core/report/pdf-verify';
import { verifyReportFile } from '../../src/core/report/verify';
import type { MfaEnrolment } from '../../src/shared/contract';
import { quietScreenshot } from './access-helpers';
import { expectNoSeriousViolations } from './axe';
import { expect, test } from './fixtures';
import { ADMIN, ipcValue as value } from './helpers';

const OUT = process.env.LEDGERVAULT_REPORT_PNG_DIR ?? '/tmp/pw-report';

/** pdftoppm's PNG pages of a PDF (poppler-utils), as OUT/<name>-<n>.png; their count. */
function pages(pdf: string, name: string): number {
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(OUT, name)]);
  return readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).length;
}

test('evidence report: generated, previewed, saved as signed HTML and PDF; the HTML verifies, an edited copy does not', async ({
  page,
  harness,
}) => {
  test.setTimeout(240_000);
  mkdirSync(OUT, { recursive: true });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(harness.url);
  await value(page, 'vault:create', {
    adminUsername: ADMIN.username,
    adminDisplayName: ADMIN.displayName,
    password: ADMIN.password,
  });
  const e = await value<MfaEnrolment>(page, 'account:mfaBegin');
  await value(page, 'account:mfaConfirm', { code: totpAt(base32Decode(e.secret), timeStep(new Date())) });

  await page.goto(`${harness.url}#/home`);
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('button', { name: '合规管理' }).click();
  await nav.getByRole('link', { name: '合规证据报告' }).click();
  await expect(page.getByRole('heading', { name: '合规证据报告', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: '保存 HTML（签名件）' })).toBeDisabled();
  await quietScreenshot(page, 'report-empty');

  await page.getByRole('button', { name: '生成报告' }).click();
  const preview = page.getByTestId('report-preview');
  await expect(preview).toBeVisible();
  // Every section of the measures, with the live facts in it: a new vault was never backed up.
  await expect(preview.locator('section[data-section]')).toHaveCount(10);
  await expect(preview.locator('section[data-section="backup"] tr[data-fact="backup"] [data-status]')).toHaveAttribute(
    'data-status',
    'red',
  );
  await expect(preview.locator('section[data-section="access"] tr[data-fact="mfa"] [data-status]')).toHaveAttribute(
    'data-status',
    'green',
  );
  await expect(preview).toContainText('PCI DSS 8');
  await expect(preview).toContainText('已签数据保护协议的客户');
  const hash = (await page.getByTestId('report-hash').textContent())!.trim();
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await quietScreenshot(page, 'report-preview');
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, 'report page');

  // Saved where the save dialog says (the harness: its export folder), the HTML first.
  await page.getByRole('button', { name: '保存 HTML（签名件）' }).click();
  await expect(page.getByText(/已保存到 .*\.html/)).toBeVisible();
  await page.getByRole('button', { name: '保存 PDF（打印件）' }).click();
  await expect(page.getByText(/已保存到 .*\.pdf/)).toBeVisible({ timeout: 60_000 });
  await quietScreenshot(page, 'report-saved');
  const exportDir = path.join(path.dirname(harness.vaultDir), 'exports');
  const files = readdirSync(exportDir);
  const htmlName = files.find((f) => f.endsWith('.html'))!;
  const pdfName = files.find((f) => f.endsWith('.pdf'))!;
  expect(htmlName).toMatch(/^ledgervault-evidence-report-\d{14}\.html$/);
  const html = readFileSync(path.join(exportDir, htmlName), 'utf8');
  expect(html).not.toMatch(/<script/i);

  // The saved HTML verifies (the hash the screen showed); one fact's status edited does not.
  const verdict = verifyReportFile(html);
  expect(verdict.valid).toBe(true);
  expect(verdict.report?.contentHash).toBe(hash);
  const edited = html.replace(/(<tr data-fact="backup">.*?data-status=")red(">■ )需处理/, '$1green$2良好');
  expect(edited).not.toBe(html);
  const bad = verifyReportFile(edited);
  expect(bad.valid).toBe(false);
  expect(bad.checks.find((c) => !c.ok)?.detail).toMatch(/content does not match the signed facts/);

  // The PDF the harness saved (Chromium's print of the same HTML) is a PDF of several pages.
  const saved = readFileSync(path.join(exportDir, pdfName));
  expect(saved.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  writeFileSync(path.join(OUT, 'saved.pdf'), saved);
  // It carries the signed HTML (a PDF reader lists it as an attachment) and its own signature.
  const pdfChecks = verifyReportPdf(saved)!;
  expect(pdfChecks.html).toBe(html);
  expect(pdfChecks.checks.every((c) => c.ok)).toBe(true);
  expect(execFileSync('pdfdetach', ['-list', path.join(OUT, 'saved.pdf')], { encoding: 'utf8' })).toContain(
    'evidence-report.html',
  );
  // The CLI says so too, offline: the saved PDF is VALID, the edited HTML copy is not (exit 6, E_INTEGRITY).
  const cli = path.resolve('bin/ledgervault');
  expect(execFileSync(cli, ['report', 'verify', path.join(OUT, 'saved.pdf')], { encoding: 'utf8' })).toMatch(
    /VALID\n$/,
  );
  writeFileSync(path.join(OUT, 'edited.html'), edited);
  const refused = spawnSync(cli, ['report', 'verify', path.join(OUT, 'edited.html')], { encoding: 'utf8' });
  expect(refused.status).toBe(6);
  expect(refused.stderr).toMatch(/content does not match the signed facts/);
  expect(pages(path.join(OUT, 'saved.pdf'), 'saved')).toBeGreaterThan(1);

  // 核验报告文件 on the screen: a file handed back, picked in the open dialog (the harness: the
  // newest file in its pick folder), checked by the core against this vault, every check listed.
  const pickDir = path.join(path.dirname(harness.vaultDir), 'to-open');
  mkdirSync(pickDir, { recursive: true });
  const verified = page.getByTestId('report-verification');
  const pick = async (name: string, bytes: string | Buffer) => {
    writeFileSync(path.join(pickDir, name), bytes);
    await page.getByRole('button', { name: '选择报告文件并核验…' }).click();
    await expect(verified.getByRole('alert')).toContainText(name);
  };
  await pick('交回的报告.html', html);
  await expect(verified).toHaveAttribute('data-valid', 'true');
  await expect(verified).toContainText('报告有效：交回的报告.html');
  await expect(verified.locator('[data-check="vault.recorded"]')).toHaveAttribute('data-ok', 'true');
  await expect(verified.locator('[data-ok="false"]')).toHaveCount(0);
  await pick('改过的报告.html', edited);
  await expect(verified).toHaveAttribute('data-valid', 'false');
  await expect(verified).toContainText('报告无效：改过的报告.html');
  await expect(verified.locator('[data-ok="false"]')).toHaveCount(1);
  await expect(verified.locator('[data-check="content"]')).toHaveAttribute('data-ok', 'false');
  await expect(verified.locator('[data-check="content"]')).toContainText('✗ 页面与签名内容完全一致（未被改动）');
  await page.mouse.move(0, 0);
  await quietScreenshot(page, 'report-verify-edited');
  await expectNoSeriousViolations(page, 'report page: a file checked');
  await pick('交回的报告.pdf', saved);
  await expect(verified).toHaveAttribute('data-valid', 'true');
  await expect(verified.locator('[data-check="pdf.file"]')).toHaveAttribute('data-ok', 'true');
  // A plain print with no signed report attached: said so, nothing shown as checked.
  writeFileSync(path.join(pickDir, '别处打印的.pdf'), '%PDF-1.4\n%%EOF\n');
  await page.getByRole('button', { name: '选择报告文件并核验…' }).click();
  await expect(page.getByText('所选 PDF（别处打印的.pdf）不含签名的报告')).toBeVisible();
  await expect(verified).toHaveCount(0);
  // Each check is in the audit log, with its verdict.
  const checks = await value<{ details: Record<string, unknown> }[]>(page, 'audit:list', { action: 'report.verify' });
  expect(checks.map((e) => e.details.valid)).toEqual([true, false, true]);
  // In English: the same checks named in English.
  await pick('handed-back.html', edited);
  await page.getByRole('radiogroup', { name: '界面语言', exact: true }).getByText('English', { exact: true }).click();
  await expect(verified).toContainText('The report is not valid: handed-back.html');
  await expect(verified.locator('[data-check="content"]')).toContainText('✗ The page is exactly what was signed');
  await quietScreenshot(page, 'report-verify-en');
  await page.getByRole('radiogroup', { name: 'Language', exact: true }).getByText('中文', { exact: true }).click();

  // And Playwright's page.pdf() of the HTML file as an inspector would open it.
  const viewer = await page.context().newPage();
  await viewer.setContent(html, { waitUntil: 'load' });
  await viewer.setViewportSize({ width: 1366, height: 768 });
  await viewer.screenshot({ path: path.join(OUT, 'report-html.png') });
  const printed = path.join(OUT, 'report.pdf');
  await viewer.pdf({ path: printed, format: 'A4', printBackground: true, preferCSSPageSize: true });
  await viewer.close();
  expect(existsSync(printed)).toBe(true);
  expect(pages(printed, 'report')).toBeGreaterThan(1);

  // In English too: the same sections, in English, signed the same way.
  await page.getByTestId('report').locator('label').filter({ hasText: 'English' }).click();
  await page.getByRole('button', { name: '重新生成' }).click();
  await expect(preview).toContainText('Access control and identification');
  await expect(page.getByTestId('report-hash')).not.toHaveText(hash);
  await quietScreenshot(page, 'report-preview-en');

  // An accountant has neither the screen nor the channel.
  const accountant = { username: 'chenhui', displayName: '陈会计', password: 'Kuaiji-2024-linshi' };
  await value(page, 'users:create', { ...accountant, role: 'accountant' });
  await value(page, 'vault:lock');
  await value(page, 'vault:unlock', { username: accountant.username, password: accountant.password });
  await value(page, 'account:changePassword', {
    currentPassword: accountant.password,
    newPassword: 'Kuaiji-own-2024-pass',
  });
  await page.goto(`${harness.url}#/home`);
  await expect(nav.getByRole('link', { name: '首页' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '合规证据报告' })).toHaveCount(0);
  await expect(value(page, 'report:create', { lang: 'zh-CN' })).rejects.toThrow(/E_FORBIDDEN/);
});
