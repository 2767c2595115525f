/**
 * The statement readers read a file by path in chunks (issue 14, Safety: a 200 MB file never sits
 * whole in memory). A file read by path arrives as 1 MB chunks, so every real sample fits in one:
 * here each fixture and corpus sample (camt.053, OFX 1.x and 2.x, QIF, MT940, and the generic CSV
 * reader's input) is cut into pieces of a few characters, every boundary landing somewhere
 * different (inside a tag, an entity, a CRLF, a field), and must read exactly as the whole text
 * does: the same rows, sources, lines and declared totals, or the same refusal.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerVaultError } from '../../../src/core/errors';
import { csvReader } from '../../../src/core/import/bank/generic';
import { decodeBytes } from '../../../src/core/import/encoding';
import { TEXT_READERS } from '../../../src/core/import/readers';
import { textLines } from '../../../src/core/import/statement-text';
import { readCsv } from '../../../src/core/import/table/csv';
import type { TextReader } from '../../../src/core/import/types';
import { XmlReader, xmlEvents } from '../../../src/core/import/xml';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import/intl');
const CORPUS = path.resolve(__dirname, '../../..', '../shared/corpus');

/** The text in pieces of 1..max characters, the sizes cycling from `seed`. */
function* pieces(text: string, max: number, seed = 0): Generator<string> {
  let at = 0;
  for (let k = seed; at < text.length; k += 1) {
    const n = 1 + ((k * 7919) % max);
    yield text.slice(at, at + n);
    at += n;
  }
}

type Outcome = { ok: true; rows: unknown[]; declared: unknown } | { ok: false; error: string };

function outcome(read: () => { rows: Iterable<unknown>; declared: unknown }): Outcome {
  try {
    const r = read();
    return { ok: true, rows: [...r.rows], declared: r.declared };
  } catch (e) {
    return { ok: false, error: e instanceof LedgerVaultError ? `${e.code} ${e.detail}` : String(e) };
  }
}

const samples = (): { name: string; text: string; reader: TextReader }[] => {
  const files = readdirSync(FIXTURES).map((f) => path.join(FIXTURES, f));
  if (existsSync(CORPUS))
    for (const dir of ['camt053', 'ofx', 'qif', 'mt940'])
      files.push(...readdirSync(path.join(CORPUS, dir)).map((f) => path.join(CORPUS, dir, f)));
  return files.map((file) => {
    const text = decodeBytes(readFileSync(file)).text;
    const reader = TEXT_READERS.map((r) => ({ r, c: r.detect(text.slice(0, 16 * 1024)) })).sort((a, b) => b.c - a.c)[0]!
      .r;
    return { name: path.basename(file), text, reader };
  });
};

describe('statement readers in chunks', () => {
  it('read every fixture and corpus sample exactly as the whole text, however it is cut', () => {
    const all = samples();
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const { name, text, reader } of all) {
      const whole = outcome(() => reader.read(text));
      for (const [max, seed] of [
        [1, 0],
        [3, 1],
        [17, 2],
        [251, 3],
      ] as const) {
        const cut = outcome(() => reader.stream!(() => pieces(text, max, seed)));
        expect(cut, `${name} in pieces of up to ${max}`).toEqual(whole);
      }
      // A BOM and CRLF line ends, cut between CR and LF.
      const crlf = `\uFEFF${text.replace(/\r?\n/g, '\r\n')}`;
      expect(
        outcome(() => reader.stream!(() => pieces(crlf, 2, 1))),
        `${name} CRLF`,
      ).toEqual(outcome(() => reader.read(crlf)));
    }
  });

  it('a statement cut short reads in chunks as it does whole: refused (XML always) or read the same', () => {
    for (const { name, text, reader } of samples()) {
      const cutText = text.slice(0, Math.floor(text.length * 0.6));
      const whole = outcome(() => reader.read(cutText));
      // XML cut short is always refused; a line-oriented file may happen to end between statements.
      if (reader.format === 'camt053' || reader.format === 'ofx') expect(whole.ok, name).toBe(false);
      expect(
        outcome(() => reader.stream!(() => pieces(cutText, 5))),
        name,
      ).toEqual(whole);
    }
  });

  it('the XML tokenizer gives the same events in chunks, and keeps a held element whole across them', () => {
    const text = readFileSync(path.join(FIXTURES, 'camt053-small.xml'), 'utf8');
    const whole = [...xmlEvents(text)];
    expect([...xmlEvents(pieces(text, 4))]).toEqual(whole);
    const xml = new XmlReader(pieces(text, 3));
    const sources: [string, string][] = [];
    let at = -1;
    for (const ev of xml.events) {
      if (ev.type === 'open' && ev.name === 'Ntry') xml.hold((at = ev.start));
      if (ev.type === 'close' && ev.name === 'Ntry') {
        sources.push([xml.text(at, ev.end), text.slice(at, ev.end)]);
        xml.release();
      }
    }
    expect(sources.length).toBeGreaterThan(1);
    for (const [held, original] of sources) {
      expect(held).toBe(original);
      expect(held).toMatch(/^<(\w+:)?Ntry>[^]*<\/(\w+:)?Ntry>$/);
    }
  });

  it('the generic CSV reader streams the same rows as it reads', () => {
    const csv = '交易日期,金额,对方户名,摘要\n2024-01-02,-12.50,张三,午餐\n2024-01-03,100.00,李四,转账\n合计,87.50,,\n';
    const rows = [...readCsv(csv)];
    const read = csvReader.read(rows);
    const streamed = csvReader.stream!(rows);
    expect([...streamed.rows]).toEqual(read.rows);
    expect(streamed.declared).toEqual(read.declared);
    expect(read.rows.filter((r) => r.kind === 'record')).toHaveLength(2);
  });
});

describe('what a chunked reading refuses', () => {
  it('a "<" inside an attribute value is malformed XML, said with the malformed-XML message', () => {
    let err: unknown;
    try {
      for (const _ of xmlEvents(pieces('<r><a x="1 <b> 2">t</a></r>', 2)));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LedgerVaultError);
    expect(err).toMatchObject({ code: 'E_INPUT', messageKey: 'import.malformedXml' });
    expect((err as LedgerVaultError).detail).toMatch(/attribute value holds a "<"/);
    // Escaped, it is the attribute's text.
    const open = [...xmlEvents('<r><a x="1 &lt;b&gt; 2">t</a></r>')].find((e) => e.type === 'open' && e.name === 'a');
    expect(open).toMatchObject({ attrs: { x: '1 <b> 2' } });
  });

  it('one tag, text or held entry too long to hold is refused, not buffered without end', () => {
    const long = `<r><a>${'x'.repeat(5000)}</a></r>`;
    expect(() => [...new XmlReader(pieces(long, 100), { limits: { maxTokenChars: 1000 } }).events]).toThrow(
      /longer than/,
    );
    const xml = new XmlReader(pieces(long, 100), { limits: { maxHeldChars: 1000 } });
    expect(() => {
      for (const ev of xml.events) if (ev.type === 'open' && ev.name === 'a') xml.hold(ev.start);
    }).toThrow(/one entry longer than/);
  });

  it('splits lines as the whole text does, CR, LF and CRLF across chunk boundaries alike', () => {
    const text = '\uFEFFa\r\nb\rc\n\nd\r\n';
    const expected = text.slice(1).split(/\r\n|\r|\n/);
    for (const max of [1, 2, 3]) expect([...textLines(pieces(text, max), 'qif')]).toEqual(expected);
    expect([...textLines([], 'qif')]).toEqual(['']);
  });
});
