/**
 * The evidence report as one self-contained HTML file (issue 17, Build 10): inline CSS, no
 * script, every string escaped. It is a pure function of the signed report, so `report verify`
 * regenerates the file from the signed content embedded in it and compares: an edit anywhere in
 * the visible report (a status, a figure) makes the two differ, and an edit of the embedded
 * content breaks the signature. The embedded copy sits in a hidden <pre> (not a script block).
 */
import { describeFact } from '../../shared/posture/wording';
import { POSTURE_FACT_IDS, type PostureFact, type PostureStatus } from '../../shared/posture/contract';
import type { RegisterSummary, ReportLang } from '../../shared/report/contract';
import {
  FACT_MAPPING,
  FRAMEWORK_ITEMS,
  FRAMEWORK_TITLES,
  REPORT_SECTIONS,
  factsOfClause,
  factsOfSection,
  type FrameworkId,
} from '../../shared/report/mapping';
import { REPORT_WORDS, registerLineLabel, registerLineValue, type ReportWord } from '../../shared/report/wording';
import { formatShanghai } from '../../shared/time';
import { FACT_TITLES, STATUS_WORDS } from '../../shared/posture/wording';
import { keyFingerprint } from '../audit/signing-key';
import { reportContentHash, sealFields, type SignedReport } from './model';

export const EMBED_ID = 'ledgervault-evidence';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const unesc = (text: string): string =>
  text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!,
  );

const COLOURS: Record<PostureStatus, string> = {
  green: '#237804',
  amber: '#ad6800',
  red: '#a8071a',
  unknown: '#595959',
};
const MARKS: Record<PostureStatus, string> = { green: '●', amber: '▲', red: '■', unknown: '○' };

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Segoe UI", sans-serif; color: #1f1f1f; font-size: 10.5pt; line-height: 1.5; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 18pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 18pt 0 6pt; border-bottom: 1.5pt solid #1f1f1f; padding-bottom: 2pt; break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
p.intro { color: #434343; margin: 0 0 8pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border: 0.75pt solid #bfbfbf; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-weight: 600; }
tr { break-inside: avoid; }
.meta th { width: 32%; }
.status { font-weight: 700; white-space: nowrap; }
.refs { font-size: 8.5pt; color: #434343; }
.hash { font-family: "Noto Sans Mono", "Consolas", monospace; font-size: 8.5pt; word-break: break-all; }
.counts span { margin-right: 14pt; font-weight: 600; }
.note { font-size: 9pt; color: #434343; border: 0.75pt solid #bfbfbf; padding: 6pt; margin-top: 8pt; }
.muted { color: #595959; font-style: italic; }
table.facts { table-layout: fixed; }
.facts th:nth-child(1) { width: 18%; } .facts th:nth-child(2) { width: 12%; } .facts th:nth-child(3) { width: 18%; }
.facts th:nth-child(4) { width: 32%; } .facts th:nth-child(5) { width: 20%; }
`;

type T = (key: ReportWord) => string;

function statusCell(f: PostureFact, lang: ReportLang): string {
  const w = describeFact(f, lang);
  return `<td class="status" style="color:${COLOURS[f.status]}" data-status="${f.status}">${MARKS[f.status]} ${esc(w.status)}</td>`;
}

function refsOf(f: PostureFact, lang: ReportLang): string {
  const m = FACT_MAPPING[f.id];
  const parts: string[] = [];
  if (m.pci.length) parts.push(`PCI DSS ${m.pci.join(', ')}`);
  if (m.gbt.length) parts.push(`GB/T 22239 ${m.gbt.map((g) => FRAMEWORK_ITEMS.gbt[g]![lang]).join('、')}`);
  if (m.pipl.length)
    parts.push(`${lang === 'en' ? 'PIPL art.' : '个保法第'} ${m.pipl.join(', ')}${lang === 'en' ? '' : ' 条'}`);
  if (m.archives.length) parts.push(FRAMEWORK_TITLES.archives[lang]);
  return parts.map(esc).join('<br>');
}

function factRows(facts: PostureFact[], lang: ReportLang): string {
  return facts
    .map((f) => {
      const w = describeFact(f, lang);
      return `<tr data-fact="${f.id}"><td>${esc(w.title)}</td>${statusCell(f, lang)}<td>${esc(w.value)}</td><td>${esc(w.detail)}</td><td class="refs">${refsOf(f, lang)}</td></tr>`;
    })
    .join('\n');
}

function registerTable(summary: RegisterSummary | undefined, lang: ReportLang, t: T): string {
  if (!summary) return `<p class="muted">${esc(t('registerMissing'))}</p>`;
  const rows = summary.lines
    .map(
      (l) =>
        `<tr><th>${esc(registerLineLabel(l.key, lang))}</th><td>${esc(registerLineValue(l.value, lang))}</td></tr>`,
    )
    .join('\n');
  return `<h3>${esc(t('register'))}</h3>\n<table class="meta" data-register="${summary.register}">\n${rows}\n</table>`;
}

function sections(signed: SignedReport, t: T): string {
  const { body } = signed;
  const lang = body.lang;
  const head = `<tr><th>${esc(t('fact'))}</th><th>${esc(t('status'))}</th><th>${esc(t('value'))}</th><th>${esc(t('detail'))}</th><th>${esc(t('refs'))}</th></tr>`;
  return REPORT_SECTIONS.map((s, i) => {
    const ids = factsOfSection(s.id, POSTURE_FACT_IDS);
    const facts = ids.map((id) => body.facts.find((f) => f.id === id)).filter((f): f is PostureFact => !!f);
    const seed = s.seed.length ? `（${t('seed')} ${s.seed.join('、')}）` : '';
    const table = facts.length
      ? `<table class="facts">\n${head}\n${factRows(facts, lang)}\n</table>`
      : `<p class="muted">${esc(t('noFacts'))}</p>`;
    const register = s.register
      ? registerTable(
          body.registers.find((r) => r.register === s.register),
          lang,
          t,
        )
      : '';
    return `<section data-section="${s.id}">\n<h2>${i + 1}. ${esc(s.title[lang])}${esc(seed)}</h2>\n${table}\n${register}\n</section>`;
  }).join('\n');
}

function crossReference(signed: SignedReport, t: T): string {
  const { body } = signed;
  const lang = body.lang;
  const rows: string[] = [];
  for (const fw of Object.keys(FRAMEWORK_ITEMS) as FrameworkId[]) {
    for (const [item, words] of Object.entries(FRAMEWORK_ITEMS[fw])) {
      const facts = factsOfClause(fw, item, POSTURE_FACT_IDS).map((id) => {
        const f = body.facts.find((x) => x.id === id);
        const mark = f ? `<span style="color:${COLOURS[f.status]}">${MARKS[f.status]}</span> ` : '';
        return `${mark}${esc(FACT_TITLES[id][lang])}`;
      });
      rows.push(
        `<tr data-clause="${fw}:${esc(item)}"><td>${esc(FRAMEWORK_TITLES[fw][lang])}</td><td>${esc(words[lang])}</td><td>${facts.join('<br>')}</td></tr>`,
      );
    }
  }
  const head = `<tr><th>${esc(t('refs'))}</th><th>${esc(t('clause'))}</th><th>${esc(t('evidence'))}</th></tr>`;
  return `<h2>${esc(t('crossRef'))}</h2>\n<table>\n${head}\n${rows.join('\n')}\n</table>`;
}

function signatureBlock(signed: SignedReport, t: T): string {
  const { body } = signed;
  const cert = body.signer.certificate.body;
  const row = (label: string, value: string, cls = '') =>
    `<tr><th>${esc(label)}</th><td${cls ? ` class="${cls}"` : ''}>${esc(value)}</td></tr>`;
  const rows = [
    row(t('contentHash'), reportContentHash(body), 'hash'),
    row(
      t('generatedBy'),
      `${body.signer.displayName || body.signer.username} (${body.signer.username}, ${body.signer.role})`,
    ),
    row(t('signerKey'), keyFingerprint(Buffer.from(cert.ed25519, 'base64').toString('hex'))),
  ];
  const seal = body.seal;
  const fields = seal ? sealFields(seal.raw) : null;
  if (seal && fields) {
    rows.push(row(t('sealId'), `#${seal.id} (${fields.kind})`));
    rows.push(row(t('sealSpan'), `${fields.firstSeq} – ${fields.lastSeq}`));
    rows.push(row(t('sealHead'), fields.headHash, 'hash'));
    rows.push(row(t('sealSigner'), seal.signerName));
    rows.push(row(t('sealedAt'), formatShanghai(fields.sealedAt, 'second')));
  } else rows.push(row(t('sealId'), t('noSeal')));
  return `<h2>${esc(t('signature'))}</h2>\n<table class="meta" id="signature">\n${rows.join('\n')}\n</table>\n<p class="note">${esc(t('howToVerify'))}</p>`;
}

/** The whole file. Deterministic: the same signed report always gives the same bytes. */
export function renderReportHtml(signed: SignedReport): string {
  const { body } = signed;
  const lang = body.lang;
  const t: T = (key) => REPORT_WORDS[key][lang];
  const c = body.counts;
  const counts = (['green', 'amber', 'red', 'unknown'] as const)
    .map((s) => `<span style="color:${COLOURS[s]}">${MARKS[s]} ${esc(STATUS_WORDS[s][lang])} ${c[s] ?? 0}</span>`)
    .join('');
  const meta = [
    [t('generatedAt'), formatShanghai(body.generatedAt, 'second')],
    [t('generatedBy'), `${body.signer.displayName || body.signer.username} (${body.signer.username})`],
    [t('vault'), body.vaultId],
    [t('version'), body.appVersion],
  ]
    .map(([k, v]) => `<tr><th>${esc(k!)}</th><td>${esc(v!)}</td></tr>`)
    .join('\n');
  const embedded = esc(JSON.stringify({ ...signed, contentHash: reportContentHash(body) }));
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="generator" content="LedgerVault">
<title>${esc(t('title'))}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(t('title'))}</h1>
<p class="intro">${esc(t('intro'))}</p>
<table class="meta">
${meta}
</table>
<h2>${esc(t('summary'))}</h2>
<p class="counts">${counts}</p>
${sections(signed, t)}
${crossReference(signed, t)}
${signatureBlock(signed, t)}
<pre hidden id="${EMBED_ID}">${embedded}</pre>
</body>
</html>
`;
}

/** The embedded signed content of a report file, or null when there is none. */
export function embeddedContent(html: string): unknown {
  const m = new RegExp(`<pre hidden id="${EMBED_ID}">([^<]*)</pre>`).exec(html);
  if (!m) return null;
  try {
    return JSON.parse(unesc(m[1]!)) as unknown;
  } catch {
    return null;
  }
}
