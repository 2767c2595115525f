/** The importer's own XML tokenizer: what it decodes, and what it refuses quickly and clearly. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { xmlEvents, type XmlEvent } from '../../../src/core/import/xml';
import { readElement, textAt } from '../../../src/core/import/xml-node';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import/intl');
const all = (text: string, lenient = false): XmlEvent[] => [...xmlEvents(text, { lenient })];

describe('xml tokenizer', () => {
  it('decodes the five entities, character references and CDATA; names by local name; skips comments and PIs', () => {
    const events = all(
      '<?xml version="1.0"?><!-- c --><p:a xmlns:p="urn:x" p:k="1 &lt; 2"><b>&amp;&#x4E0A;&#28023;&apos;</b><c><![CDATA[<raw> & ]]></c><?pi x?><d/></p:a>',
    );
    const opens = events.filter((e) => e.type === 'open');
    expect(opens.map((e) => e.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(opens[0]!.type === 'open' && opens[0]!.attrs).toEqual({ k: '1 < 2' });
    const texts = events.flatMap((e) => (e.type === 'text' ? [e.text] : []));
    expect(texts).toEqual(["&上海'", '<raw> & ']);
  });

  it('reads one element whole with its line and source offsets', () => {
    const src = '<r>\n<x><y>1</y>\n<y>2</y></x></r>';
    const it = xmlEvents(src);
    it.next();
    it.next(); // newline text
    const open = it.next().value as Extract<XmlEvent, { type: 'open' }>;
    const node = readElement(open, it);
    expect(node.line).toBe(2);
    expect(textAt(node, 'y')).toBe('1');
    expect(src.slice(node.start, node.end)).toBe('<x><y>1</y>\n<y>2</y></x>');
  });

  it('refuses a billion-laughs DOCTYPE before expanding anything, quickly', () => {
    const started = performance.now();
    expect(() => all(readFileSync(path.join(FIXTURES, 'camt053-bomb.xml'), 'utf8'))).toThrow(
      /<!DOCTYPE> declarations are refused.*XML bombs/,
    );
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('refuses an external entity declaration, and any undeclared entity reference', () => {
    expect(() => all(readFileSync(path.join(FIXTURES, 'camt053-xxe.xml'), 'utf8'))).toThrow(/refused.*external-entity/);
    expect(() => all('<a><!ENTITY x "y"></a>')).toThrow(/<!ENTITY> declarations are refused/);
    expect(() => all('<a>&xxe;</a>')).toThrow(/entity &xxe; is not one of XML's five predefined entities/);
    expect(() => all('<a>&#0;</a>')).toThrow(/not a character/);
  });

  it('caps depth and element count', () => {
    const deep = `${'<a>'.repeat(65)}${'</a>'.repeat(65)}`;
    expect(() => all(deep)).toThrow(/nested deeper than 64/);
    expect(() => [...xmlEvents(`<r>${'<a/>'.repeat(50)}</r>`, { limits: { maxElements: 20 } })]).toThrow(
      /more than 20 elements/,
    );
  });

  it('a truncated or malformed document is an error naming the line, never a shorter document', () => {
    expect(() => all('<r>\n<a>1</a>\n<a>2')).toThrow(/ends inside <a> \(truncated\?\) \(line 3\)/);
    expect(() => all('<r><a></b></r>')).toThrow(/<\/b> closes <a>/);
    expect(() => all('<r></r><r></r>')).toThrow(/second root/);
    expect(() => all('<r><a x="1></r>')).toThrow(/not closed/);
    expect(() => all('<r>a & b</r>')).toThrow(/bare "&"/);
    expect(() => all('')).toThrow(/no XML element/);
  });

  it('lenient (OFX SGML) mode keeps a bare & and unclosed tags, but still refuses a DTD', () => {
    const texts = all('<A>AT&T<B>x</A>', true).flatMap((e) => (e.type === 'text' ? [e.text] : []));
    expect(texts).toEqual(['AT&T', 'x']);
    expect(() => all('<!DOCTYPE x><A>1', true)).toThrow(/refused/);
  });
});
