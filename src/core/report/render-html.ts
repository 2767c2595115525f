/**
 * The evidence report as one self-contained HTML file (issue 17, Build 10): inline CSS, no
 * script, every string escaped. It is a pure function of the signed report, so `report verify`
 * regenerates the file from the signed content embedded in it and compares: an edit anywhere in
 * the visible report (a status, a figure) makes the two differ, and an edit of the embedded
 * content breaks the signature. The embedded copy sits in a hidden <pre> (not a script block).
 */
import type { PostureStatus } from '../../shared/posture/contract';
import { formatShanghai } from '../../shared/time';
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

type T = (key: string) => string;
type Words = SignedReport['body']['words'];
type Fact = SignedReport['body']['facts'][number];

function factRows(ids: readonly string[], facts: Fact[], words: Words): string {
  return ids
    .map((id) => {
      const f = facts.find((x) => x.id === id);
      const w = words.facts.find((x) => x.id === id);
      if (!f || !w) return '';
      return `<tr data-fact="${f.id}"><td>${esc(w.title)}</td><td class="status" style="color:${COLOURS[f.status]}" data-status="${f.status}">${MARKS[f.status]} ${esc(w.status)}</td><td>${esc(w.value)}</td><td>${esc(w.detail)}</td><td class="refs">${w.refs.map(esc).join('<br>')}</td></tr>`;
    })
    .filter(Boolean)
    .join('\n');
}

function registerTable(section: Words['sections'][number], t: T): string {
  const r = section.register;
  if (r === null) return '';
  if (r === 'missing') return `<p class="muted">${esc(t('registerMissing'))}</p>`;
  const rows = r.lines.map(([label, value]) => `<tr><th>${esc(label)}</th><td>${esc(value)}</td></tr>`).join('\n');
  return `<h3>${esc(t('register'))}</h3>\n<table class="meta" data-register="${esc(r.id)}">\n${rows}\n</table>`;
}

function sections(signed: SignedReport, t: T): string {
  const { facts, words } = signed.body;
  const head = `<tr><th>${esc(t('fact'))}</th><th>${esc(t('status'))}</th><th>${esc(t('value'))}</th><th>${esc(t('detail'))}</th><th>${esc(t('refs'))}</th></tr>`;
  return words.sections
    .map((s) => {
      const rows = factRows(s.facts, facts, words);
      const table = rows
        ? `<table class="facts">\n${head}\n${rows}\n</table>`
        : `<p class="muted">${esc(t('noFacts'))}</p>`;
      return `<section data-section="${esc(s.id)}">\n<h2>${esc(s.heading)}</h2>\n${table}\n${registerTable(s, t)}\n</section>`;
    })
    .join('\n');
}

function crossReference(signed: SignedReport, t: T): string {
  const { facts, words } = signed.body;
  const rows = words.clauses.map((c) => {
    const evidence = c.facts.map((id) => {
      const f = facts.find((x) => x.id === id);
      const title = words.facts.find((x) => x.id === id)?.title ?? id;
      const mark = f ? `<span style="color:${COLOURS[f.status]}">${MARKS[f.status]}</span> ` : '';
      return `${mark}${esc(title)}`;
    });
    return `<tr data-clause="${esc(c.id)}"><td>${esc(c.framework)}</td><td>${esc(c.clause)}</td><td>${evidence.join('<br>')}</td></tr>`;
  });
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
  const t: T = (key) => body.words.labels[key] ?? key;
  const c = body.counts;
  const counts = (['green', 'amber', 'red', 'unknown'] as const)
    .map((s) => `<span style="color:${COLOURS[s]}">${MARKS[s]} ${esc(body.words.statuses[s])} ${c[s] ?? 0}</span>`)
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
