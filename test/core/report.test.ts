import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/core/db/schema';
import { chromium } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createReport,
  saveReport,
  verifyReportAgainstVault,
  verifyReportFile,
  verifyReportPdf,
} from '../../src/core/report/index';
import type { VaultSession } from '../../src/core/index';
import { issueSelfSignedCertificate } from '../../src/core/crypto/certificates';
import { formatFingerprint, generateStaffIdentity, publicIdentity } from '../../src/core/crypto/identity';
import { signStatement } from '../../src/core/crypto/signed-statement';
import { REPORT_STATEMENT } from '../../src/core/report/model';
import { renderReportHtml } from '../../src/core/report/render-html';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * The evidence report (issue 17, Build 10): generated from the live facts, signed by the
 * signed-in user and tied to the newest seal; it verifies offline and against the vault, and an
 * edited copy does not (naming what no longer matches). Generating and saving are audited.
 */
let vault: TestVault;
let admin: VaultSession;
let adminStaff: Staff;
let accountant: Staff;
let auditor: Staff;

const failed = (v: { checks: { id: string; ok: boolean }[] }) => v.checks.filter((c) => !c.ok).map((c) => c.id);

function events(session: VaultSession, action: string, outcome: 'ok' | 'denied' = 'ok') {
  return session.orm
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)))
    .all();
}

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.session;
  adminStaff = first.admin;
  accountant = await addStaff(admin, vault, 'accountant', 'chen');
  auditor = await addStaff(admin, vault, 'auditor', 'wang');
  admin.lock();
  await activate(vault, accountant);
  await activate(vault, auditor);
  admin = await signIn(vault, adminStaff);
});

afterAll(async () => {
  admin.lock();
  await vault.cleanup();
});

describe('evidence report', () => {
  it('carries every live fact, the newest seal and a signature that verifies offline and against the vault', async () => {
    const r = await createReport(admin, { lang: 'zh-CN', appVersion: '0.1.0' });
    expect(r.signed.body.facts).toHaveLength(16);
    expect(r.preview.seal).not.toBeNull();
    expect(r.html).toContain('信息安全与合规证据报告');
    expect(r.html).not.toMatch(/<script/i);
    const offline = verifyReportFile(r.html);
    expect(failed(offline)).toEqual([]);
    expect(offline.valid).toBe(true);
    expect(offline.report?.contentHash).toBe(r.contentHash);
    const online = verifyReportAgainstVault(admin, r.html);
    expect(failed(online)).toEqual([]);
    expect(online.checks.map((c) => c.id)).toContain('vault.recorded');
    const created = events(admin, 'report.create');
    expect(created.at(-1)!.details).toContain(r.contentHash);
    // The retention periods in force are the law's even before anyone opened the retention screen.
    const retention = r.signed.body.registers.find((g) => g.register === 'retention');
    expect(retention?.lines.find((l) => l.key === 'retention.kinds')?.value).toMatch(/bankStatement 10.*voucher 30/);
  });

  it('an edited status in the visible report fails as content not matching; an edited embedded copy fails its signature', async () => {
    const r = await createReport(admin, { lang: 'en', appVersion: '0.1.0' });
    const fact = r.signed.body.facts.find((f) => f.status !== 'green')!;
    const marker = `data-status="${fact.status}"`;
    const row = r.html.indexOf(`data-fact="${fact.id}"`);
    const at = r.html.indexOf(marker, row);
    const edited = `${r.html.slice(0, at)}data-status="green"${r.html.slice(at + marker.length)}`;
    const v = verifyReportFile(edited);
    expect(v.valid).toBe(false);
    expect(failed(v)).toEqual(['content']);
    expect(v.checks.find((c) => c.id === 'content')!.detail).toMatch(/content does not match/);

    // The visible words too: "Action needed" turned into "Good" in one row.
    const words = r.html.replace(/(data-fact="reviewAge"[^\n]*?)Action needed/, '$1Good');
    expect(words).not.toBe(r.html);
    expect(failed(verifyReportFile(words))).toEqual(['content']);

    // Someone edits the embedded content to match (a fact turned green there too): the signature fails.
    const embedded = r.html.replace(/&quot;status&quot;:&quot;red&quot;/, '&quot;status&quot;:&quot;green&quot;');
    expect(embedded).not.toBe(r.html);
    const e = verifyReportFile(embedded);
    expect(e.valid).toBe(false);
    expect(failed(e)).toEqual(expect.arrayContaining(['hash', 'signature']));
    // A file with no signed content at all.
    expect(failed(verifyReportFile('<html><body>report</body></html>'))).toEqual(['embedded']);
  });

  it("with the office's root fingerprint it checks the signers offline; a forger's own key and certificate fail it", async () => {
    const r = await createReport(admin, { lang: 'en', appVersion: '0.1.0' });
    const root = admin.rootFingerprint!;
    // As typed from the recovery kit: grouped, upper case.
    const typed = formatFingerprint(Buffer.from(root, 'hex')).toUpperCase();
    const genuine = verifyReportFile(r.html, { rootFingerprint: typed });
    expect(failed(genuine)).toEqual([]);
    expect(genuine.checks.find((c) => c.id === 'office')!.detail).toMatch(/certified by the office root/);
    // Another office's root (or a mistyped one): not certified by it.
    const other = verifyReportFile(r.html, { rootFingerprint: 'ab'.repeat(32) });
    expect(failed(other)).toEqual(['office']);
    expect(() => verifyReportFile(r.html, { rootFingerprint: '1234' })).toThrow(/E_INPUT/);

    // A forger rewrites the facts and signs with a root of her own, certifying herself as the admin.
    const forger = generateStaffIdentity();
    const body = structuredClone(r.signed.body);
    const self = issueSelfSignedCertificate(
      { ...body.signer.certificate.body, keys: publicIdentity(forger), previous: undefined },
      forger.ed25519.privateKey,
    );
    body.signer.certificate = self;
    body.certificates = [{ id: 1, userId: body.signer.userId, certificate: JSON.stringify(self) }];
    body.seal = null;
    for (const f of body.facts) f.status = 'green';
    const forged = {
      body,
      signature: signStatement(REPORT_STATEMENT, body, forger.ed25519.privateKey).toString('base64'),
    };
    const html = renderReportHtml(forged);
    // Offline with nothing to anchor it, the file is only consistent with itself...
    expect(verifyReportFile(html).valid).toBe(true);
    // ...the office's root exposes it, and so does the vault.
    const anchored = verifyReportFile(html, { rootFingerprint: root });
    expect(failed(anchored)).toEqual(['office']);
    expect(anchored.checks.find((c) => c.id === 'office')!.detail).toMatch(/do not start at that root/);
    expect(failed(verifyReportAgainstVault(admin, html))).toEqual(expect.arrayContaining(['vault.signer']));

    // The real certificates kept, but the forger's key put in as the signer's: not one the office certified.
    const swapped = structuredClone(r.signed.body);
    swapped.signer.certificate = self;
    const resigned = renderReportHtml({
      body: swapped,
      signature: signStatement(REPORT_STATEMENT, swapped, forger.ed25519.privateKey).toString('base64'),
    });
    const s = verifyReportFile(resigned, { rootFingerprint: root });
    expect(failed(s)).toEqual(['office']);
    expect(s.checks.find((c) => c.id === 'office')!.detail).toMatch(/signing key is not one the office certified/);
  });

  it('against another vault or a log without its creation, the vault checks fail', async () => {
    const r = await createReport(admin, { lang: 'zh-CN', appVersion: '0.1.0' });
    const other = await createTestVault();
    const o = await adminSession(other);
    try {
      const v = verifyReportAgainstVault(o.session, r.html);
      expect(v.valid).toBe(false);
      expect(failed(v)).toEqual(expect.arrayContaining(['vault.id', 'vault.signer', 'vault.recorded']));
    } finally {
      o.session.lock();
      await other.cleanup();
    }
  });

  it('auditors generate it; accountants are refused, audited', async () => {
    admin.lock();
    const a = await signIn(vault, auditor);
    try {
      const r = await createReport(a, { lang: 'zh-CN', appVersion: '0.1.0' });
      expect(r.signed.body.signer.username).toBe('wang');
      expect(verifyReportFile(r.html).valid).toBe(true);
    } finally {
      a.lock();
      await a.anchorsWritten();
    }
    const c = await signIn(vault, accountant);
    try {
      await expect(createReport(c, { lang: 'zh-CN', appVersion: '0.1.0' })).rejects.toThrow(/E_FORBIDDEN/);
    } finally {
      c.lock();
      await c.anchorsWritten();
    }
    admin = await signIn(vault, adminStaff);
    expect(events(admin, 'report.create', 'denied')).toHaveLength(1);
  });

  it('saves the report previewed last, audited with its hash; another hash is refused', async () => {
    const r = await createReport(admin, { lang: 'zh-CN', appVersion: '0.1.0' });
    let written: Buffer | null = null;
    const save = async (_name: string, bytes: Buffer) => {
      written = bytes;
      return { path: '/tmp/report.html' };
    };
    const saved = await saveReport(admin, { contentHash: r.contentHash, format: 'html' }, { save });
    expect(saved?.path).toBe('/tmp/report.html');
    expect(written!.toString('utf8')).toBe(r.html);
    expect(events(admin, 'report.save').at(-1)!.details).toContain(r.contentHash);
    await expect(saveReport(admin, { contentHash: 'a'.repeat(64), format: 'html' }, { save })).rejects.toThrow(
      /E_NOT_FOUND/,
    );
    await expect(saveReport(admin, { contentHash: r.contentHash, format: 'pdf' }, { save })).rejects.toThrow(
      /E_INTERNAL/,
    );
  });

  it("a saved PDF is Chromium's print signed as printed, carrying the signed HTML; an edited PDF fails", async () => {
    const r = await createReport(admin, { lang: 'zh-CN', appVersion: '0.1.0' });
    const browser = await chromium.launch({
      executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    const printPdf = async (html: string) => {
      const page = await browser.newPage({ javaScriptEnabled: false });
      await page.setContent(html);
      return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    };
    let pdf: Buffer = Buffer.alloc(0);
    const save = async (_name: string, bytes: Buffer) => {
      pdf = bytes;
      return { path: '/tmp/report.pdf' };
    };
    try {
      await saveReport(admin, { contentHash: r.contentHash, format: 'pdf' }, { save, printPdf });
    } finally {
      await browser.close();
    }
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const checked = verifyReportPdf(pdf)!;
    expect(checked.html).toBe(r.html);
    expect(checked.checks.map((c) => [c.id, c.ok])).toEqual([
      ['pdf.signature', true],
      ['pdf.file', true],
    ]);
    // A byte of the printed pages changed (inside the first content stream), and bytes added at the end.
    const edited = Buffer.from(pdf);
    const at = edited.indexOf('stream\n') + 20;
    edited[at] = edited[at]! ^ 0x01;
    expect(
      verifyReportPdf(edited)!
        .checks.filter((c) => !c.ok)
        .map((c) => c.id),
    ).toEqual(['pdf.signature']);
    const appended = Buffer.concat([pdf, Buffer.from('\n% appended\n')]);
    expect(
      verifyReportPdf(appended)!
        .checks.filter((c) => !c.ok)
        .map((c) => c.id),
    ).toEqual(['pdf.file']);
    // A plain print (no attachment) is no signed report.
    expect(verifyReportPdf(Buffer.from('%PDF-1.4\n%%EOF\n'))).toBeNull();
  });

  it('a report made by an earlier build still verifies: its words are signed in it and the page template is frozen for its format', () => {
    // Generated once (format ledgervault-evidence-report/1). If this fails, render-html.ts changed:
    // give the new template a new REPORT_FORMAT and keep the old one for reports already issued.
    const html = readFileSync(path.join(__dirname, '../fixtures/report/evidence-report-v1.html'), 'utf8');
    const v = verifyReportFile(html);
    expect(failed(v)).toEqual([]);
    expect(v.report?.contentHash).toBe('a67b5b49d60b76801c47709c45179596d3713c9b5b148706ffba2c6b83f44e2c');
    // It carries no certificates (made before the office check): --key cannot vouch for it.
    const anchored = verifyReportFile(html, { rootFingerprint: 'ab'.repeat(32) });
    expect(failed(anchored)).toEqual(['office']);
    expect(anchored.checks.find((c) => c.id === 'office')!.detail).toMatch(/carries no certificates/);
  });
});
