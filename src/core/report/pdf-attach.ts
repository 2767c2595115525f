/**
 * The evidence report's PDF carries its own proof (issue 17, Build 10). Chromium's print cannot
 * be made byte-for-byte again, so the PDF is signed as printed: the saver's Ed25519 signature over
 * the printed bytes' SHA-256 and the report's content hash. The signed HTML and that signature go
 * into the PDF as embedded files (PDF 1.7 EmbeddedFiles, one incremental update at the end), so a
 * PDF reader lists them as attachments and `report verify` checks: the printed bytes against the
 * signature, the update against what this module writes for them (nothing else may follow), and
 * the attached HTML as any report file. Only a classic cross-reference table (what Chromium's
 * printer writes) is updated; any other PDF is saved as printed, without proof.
 */
import { z } from 'zod';
import { sha256 } from '../crypto/primitives';

export const PDF_PROOF_FORMAT = 'ledgervault-evidence-report-pdf/1';
export const PDF_PROOF_STATEMENT = 'evidence report pdf';

export const pdfProofSchema = z.strictObject({
  format: z.literal(PDF_PROOF_FORMAT),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The printed PDF, before the attachments were added. */
  printedBytes: z.number().int().positive(),
  printedSha256: z.string().regex(/^[0-9a-f]{64}$/),
  signerUserId: z.string(),
});
export type PdfProof = z.infer<typeof pdfProofSchema>;

export const signedPdfProofSchema = z.strictObject({ proof: pdfProofSchema, signature: z.string() });
export type SignedPdfProof = z.infer<typeof signedPdfProofSchema>;

export function pdfProof(printed: Buffer, contentHash: string, signerUserId: string): PdfProof {
  return {
    format: PDF_PROOF_FORMAT,
    contentHash,
    printedBytes: printed.length,
    printedSha256: sha256(printed).toString('hex'),
    signerUserId,
  };
}

const HTML_NAME = 'evidence-report.html';
const PROOF_NAME = 'evidence-report-pdf-signature.json';

interface Trailer {
  size: number;
  root: { num: number; gen: number };
  prevXref: number;
  extra: string;
}

function readTrailer(pdf: string): Trailer | null {
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf);
  if (!start) return null;
  const at = pdf.lastIndexOf('trailer');
  if (at < 0) return null;
  const dict = pdf.slice(at, pdf.lastIndexOf('startxref'));
  const size = /\/Size (\d+)/.exec(dict);
  const root = /\/Root (\d+) (\d+) R/.exec(dict);
  if (!size || !root) return null;
  const info = /\/Info \d+ \d+ R/.exec(dict)?.[0] ?? '';
  const id = /\/ID\s*\[[^\]]*\]/.exec(dict)?.[0] ?? '';
  return {
    size: Number(size[1]),
    root: { num: Number(root[1]), gen: Number(root[2]) },
    prevXref: Number(start[1]),
    extra: [info, id].filter(Boolean).join(' '),
  };
}

/** The catalog's dictionary body (between its outer << >>), or null if it is not a plain one. */
function catalogBody(pdf: string, root: Trailer['root']): string | null {
  const m = new RegExp(`(?:^|[\\r\\n])${root.num} ${root.gen} obj\\s*<<([\\s\\S]*?)>>\\s*endobj`).exec(pdf);
  if (!m || /\/Names\b|\/AF\b/.test(m[1]!) || !/\/Type\s*\/Catalog/.test(m[1]!)) return null;
  return m[1]!;
}

const entry = (offset: number, gen: number) =>
  `${String(offset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;

/**
 * The printed PDF with the signed HTML and the PDF proof attached, or null when the PDF's
 * structure is not the plain one Chromium writes (then it is saved as printed). Deterministic:
 * the same inputs give the same bytes, which is how verify holds the update to account.
 */
export function attachProof(printed: Buffer, html: string, proof: SignedPdfProof): Buffer | null {
  const text = printed.toString('latin1');
  const trailer = readTrailer(text);
  if (!trailer || !/(?:^|[\r\n])xref[\r\n]/.test(text.slice(trailer.prevXref, trailer.prevXref + 8))) return null;
  const body = catalogBody(text, trailer.root);
  if (body === null) return null;
  const parts: Buffer[] = [printed, Buffer.from('\n', 'latin1')];
  let offset = printed.length + 1;
  const offsets = new Map<number, number>();
  const add = (num: number, head: string, stream?: Buffer) => {
    offsets.set(num, offset);
    const chunk = stream
      ? Buffer.concat([
          Buffer.from(`${head}\nstream\n`, 'latin1'),
          stream,
          Buffer.from('\nendstream\nendobj\n', 'latin1'),
        ])
      : Buffer.from(`${head}\nendobj\n`, 'latin1');
    parts.push(chunk);
    offset += chunk.length;
  };
  const n = trailer.size;
  const htmlBytes = Buffer.from(html, 'utf8');
  const proofBytes = Buffer.from(JSON.stringify(proof), 'utf8');
  add(
    n,
    `${n} 0 obj\n<< /Type /EmbeddedFile /Subtype /text#2Fhtml /LedgerVault (html) /Length ${htmlBytes.length} >>`,
    htmlBytes,
  );
  add(
    n + 1,
    `${n + 1} 0 obj\n<< /Type /Filespec /F (${HTML_NAME}) /UF (${HTML_NAME}) /AFRelationship /Source /EF << /F ${n} 0 R >> >>`,
  );
  add(
    n + 2,
    `${n + 2} 0 obj\n<< /Type /EmbeddedFile /Subtype /application#2Fjson /LedgerVault (proof) /Length ${proofBytes.length} >>`,
    proofBytes,
  );
  add(
    n + 3,
    `${n + 3} 0 obj\n<< /Type /Filespec /F (${PROOF_NAME}) /UF (${PROOF_NAME}) /AFRelationship /Supplement /EF << /F ${n + 2} 0 R >> >>`,
  );
  const { num, gen } = trailer.root;
  add(
    num,
    `${num} ${gen} obj\n<<${body} /Names << /EmbeddedFiles << /Names [(${HTML_NAME}) ${n + 1} 0 R (${PROOF_NAME}) ${n + 3} 0 R] >> >> /AF [${n + 1} 0 R ${n + 3} 0 R] >>`,
  );
  const xref = [
    'xref',
    `${num} 1`,
    entry(offsets.get(num)!, gen).trimEnd(),
    `${n} 4`,
    ...[n, n + 1, n + 2, n + 3].map((k) => entry(offsets.get(k)!, 0).trimEnd()),
    'trailer',
    `<< /Size ${n + 4} /Root ${num} ${gen} R /Prev ${trailer.prevXref}${trailer.extra ? ` ${trailer.extra}` : ''} >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\r\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/** The attached HTML and proof of a PDF this module wrote, or null when it carries none. */
export function readAttached(pdf: Buffer): { html: string; proof: unknown; printed: Buffer } | null {
  const text = pdf.toString('latin1');
  const stream = (kind: string) => {
    const re = new RegExp(`/LedgerVault \\(${kind}\\) /Length (\\d+) >>\\nstream\\n`, 'g');
    let m: RegExpExecArray | null = null;
    for (let x = re.exec(text); x; x = re.exec(text)) m = x;
    if (!m) return null;
    const start = m.index + m[0].length;
    return pdf.subarray(start, start + Number(m[1]));
  };
  const html = stream('html');
  const proofBytes = stream('proof');
  if (!html || !proofBytes) return null;
  let proof: unknown;
  try {
    proof = JSON.parse(proofBytes.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = signedPdfProofSchema.safeParse(proof);
  const printedBytes = parsed.success ? parsed.data.proof.printedBytes : 0;
  if (printedBytes <= 0 || printedBytes > pdf.length) return null;
  return { html: html.toString('utf8'), proof, printed: pdf.subarray(0, printedBytes) };
}
