/**
 * The importer's own XML tokenizer (camt.053, OFX 2.x; OFX 1.x SGML through `lenient`). It is a
 * generator of events over the decoded text, which it takes whole or in chunks (a 200 MB
 * statement read from its path, issue 14 Safety): only the markup being read, and the element a
 * reader asked to keep (`hold`: one statement entry, for its source text), stay in memory.
 *
 * It is deliberately small and non-validating, and it refuses what makes XML dangerous to read:
 * any `<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT` or `<!ATTLIST` is an error before anything is
 * expanded (billion laughs, external entities, DTD fetches), and only the five predefined
 * entities and numeric character references are decoded. Depth, the total count of elements, the
 * length of one tag or text and of a held element are capped so a hostile file cannot exhaust
 * memory or time; a `<` inside an attribute value is malformed XML, as the standard says. No npm XML parser is used: this is
 * all the XML the importer needs, and the attack surface stays ours and small.
 *
 * Names are reported by local name (`camt:Ntry` and `Ntry` alike): camt.053 versions differ only
 * in namespace URI, and the readers match elements by name, never by prefix.
 */
import { LedgerVaultError } from '../errors';

export interface XmlLimits {
  /** Deepest nesting allowed; camt.053 needs about 12, so 64 is generous and still bounded. */
  maxDepth: number;
  /** Elements in the whole document; a 200 MB statement has a few million. */
  maxElements: number;
  /** Characters of one tag, comment or text between tags: a real one is a few hundred. */
  maxTokenChars: number;
  /** Characters of the element a reader holds (one entry); a real entry is a few kilobytes. */
  maxHeldChars: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxDepth: 64,
  maxElements: 20_000_000,
  maxTokenChars: 16 * 2 ** 20,
  maxHeldChars: 32 * 2 ** 20,
};

export type XmlEvent =
  | {
      type: 'open';
      name: string;
      attrs: Record<string, string>;
      selfClosing: boolean;
      line: number;
      /** Offset of `<` in the whole text (`XmlReader.text` gives a held element's source). */
      start: number;
      /** Offset just past `>`. */
      end: number;
    }
  | { type: 'close'; name: string; line: number; start: number; end: number }
  | { type: 'text'; text: string; line: number; start: number; end: number };

export interface XmlOptions {
  limits?: Partial<XmlLimits>;
  /**
   * SGML leniency for OFX 1.x: close tags need not match (the OFX reader closes unclosed leaves
   * itself), a bare `&` stays text, and text may appear outside a root element. The refusals
   * (DTD, entity declarations) and the caps apply all the same.
   */
  lenient?: boolean;
}

/** A malformed or refused document: E_INPUT with a sentence that names the line. */
export function xmlError(detail: string, line?: number): LedgerVaultError {
  const text = line === undefined ? detail : `${detail} (line ${line})`;
  return new LedgerVaultError('E_INPUT', text, { messageKey: 'import.malformedXml', params: { detail: text } });
}

/** A DTD or entity declaration: refused on purpose, and said so in the user's language. */
export function declarationRefused(detail: string): LedgerVaultError {
  return new LedgerVaultError('E_INPUT', detail, { messageKey: 'import.xmlDeclaration' });
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.\-:]*$/;

/** Text with the five predefined entities and character references decoded; any other is refused. */
export function decodeEntities(raw: string, lenient = false, line?: number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&<\s]{0,32});?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) {
      if (lenient) return whole;
      throw xmlError(`a bare "&" in text (write &amp;)`, line);
    }
    const named = PREDEFINED[body];
    if (named !== undefined) return named;
    const num = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (num) {
      const code = num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]);
      const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff);
      if (!allowed || (code >= 0xd800 && code <= 0xdfff))
        throw xmlError(`character reference &${body}; is not a character`, line);
      return String.fromCodePoint(code);
    }
    if (lenient) return whole;
    throw xmlError(
      `entity &${body}; is not one of XML's five predefined entities; declared entities are refused`,
      line,
    );
  });
}

const localName = (qname: string) => {
  const colon = qname.lastIndexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
};

/** Attributes of a start tag's inside (after the name): `a="x" b='y'`, by local name, xmlns dropped. */
function parseAttrs(inner: string, lenient: boolean, line: number): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')|(\S+)/g;
  let count = 0;
  for (const m of inner.matchAll(re)) {
    if (m[4] !== undefined) {
      if (lenient) continue;
      throw xmlError(`malformed attribute "${m[4].slice(0, 40)}"`, line);
    }
    if ((count += 1) > 256) throw xmlError('more than 256 attributes on one element', line);
    const qname = m[1]!;
    if (qname === 'xmlns' || qname.startsWith('xmlns:')) continue;
    attrs[localName(qname)] = decodeEntities(m[2] ?? m[3] ?? '', lenient, line);
  }
  return attrs;
}

/**
 * Where the `>` ending a tag that starts at `from` is, skipping quoted attribute values: -1 when
 * an unquoted `<` comes first (a tag not closed), -2 when the text ends first (more is needed).
 * A `<` inside a quoted value is refused: XML forbids it, and markup pasted into an attribute
 * (Ccy="E<CdtDbtInd>…") would otherwise pass as its text.
 */
function tagEnd(src: string, from: number, line: number): number {
  let quote = '';
  for (let i = from; i < src.length; i += 1) {
    const c = src[i]!;
    if (quote) {
      if (c === quote) quote = '';
      // Either a "<" inside the value or a value whose closing quote is missing: refused either way.
      else if (c === '<')
        throw xmlError(
          'a tag is not closed with ">": an attribute value holds a "<" (write &lt;) or lacks its quote',
          line,
        );
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') return -1;
  }
  return -2;
}

/** How each kind of markup after `<` ends, and what a file that stops inside it is told. */
const SPANS: [open: string, close: string, what: string][] = [
  ['<!--', '-->', 'a comment'],
  ['<![CDATA[', ']]>', 'a CDATA section'],
  ['<?', '?>', 'a processing instruction'],
];

/**
 * A document read once, front to back. `events` throws E_INPUT for a refused declaration, a
 * malformed tag, a mismatched close tag (strict), a cap exceeded, or a document that ends inside
 * an element (a truncated file: nothing read so far is presented as the whole document).
 */
export class XmlReader {
  readonly events: Generator<XmlEvent, void, undefined>;
  private buf = '';
  /** Offset in the whole text of buf[0]. */
  private base = 0;
  private held = -1;
  private readonly limits: XmlLimits;

  constructor(input: string | Iterable<string>, options: XmlOptions = {}) {
    this.limits = { ...DEFAULT_XML_LIMITS, ...options.limits };
    this.events = this.read(typeof input === 'string' ? [input] : input, options.lenient ?? false);
  }

  /** Keeps the text from offset `at` (an open event's start) until `release`, for `text`. */
  hold(at: number): void {
    this.held = at;
  }

  release(): void {
    this.held = -1;
  }

  /** Held text between two offsets of the whole text (an element's start and end). */
  text(start: number, end: number): string {
    if (start < this.base) throw new RangeError('XmlReader.text: that text was not held');
    return this.buf.slice(start - this.base, end - this.base);
  }

  private *read(input: Iterable<string>, lenient: boolean): Generator<XmlEvent, void, undefined> {
    const limits = this.limits;
    const chunks = input[Symbol.iterator]();
    const stack: string[] = [];
    let elements = 0;
    let rootClosed = false;
    let eof = false;
    // The cursor, relative to buf; the next newline at or past the line counted so far (absolute,
    // -1: none up to `searched`). Kept, not searched again at every tag: that was quadratic on a
    // long line (a 2 MB one-line OFX took 50 s).
    let i = 0;
    let line = 1;
    let nextNewline = -1;
    let searched = 0;
    const lineAt = (abs: number) => {
      for (;;) {
        if (nextNewline === -1 && searched < this.base + this.buf.length) {
          const at = this.buf.indexOf('\n', Math.max(searched, this.base) - this.base);
          nextNewline = at === -1 ? -1 : at + this.base;
          searched = this.base + this.buf.length;
        }
        if (nextNewline === -1 || nextNewline >= abs) return line;
        line += 1;
        const at = this.buf.indexOf('\n', nextNewline + 1 - this.base);
        nextNewline = at === -1 ? -1 : at + this.base;
        searched = this.base + this.buf.length;
      }
    };
    // One more chunk onto the buffer, after dropping what was read and is not held; false at the end.
    const more = (tokenStart: number): boolean => {
      if (this.buf.length - tokenStart > limits.maxTokenChars)
        throw xmlError(`a tag or text longer than ${limits.maxTokenChars / 2 ** 20} MB`, lineAt(this.base + i));
      for (;;) {
        const next = chunks.next();
        if (next.done) return !(eof = true);
        if (next.value === '') continue;
        lineAt(this.base + i);
        const keep = this.held >= 0 ? Math.min(i, this.held - this.base) : i;
        if (keep > 0) {
          this.buf = this.buf.slice(keep);
          this.base += keep;
          i -= keep;
        }
        if (this.held >= 0 && this.buf.length > limits.maxHeldChars)
          throw xmlError(`one entry longer than ${limits.maxHeldChars / 2 ** 20} MB`, lineAt(this.base + i));
        this.buf += this.base === 0 && this.buf === '' ? next.value.replace(/^\uFEFF/, '') : next.value;
        return true;
      }
    };

    while (i < this.buf.length || more(i)) {
      const src = this.buf;
      const lt = src.indexOf('<', i);
      if (lt === -1 && !eof) {
        more(i);
        continue;
      }
      const textEnd = lt === -1 ? src.length : lt;
      if (textEnd > i) {
        const raw = src.slice(i, textEnd);
        const at = lineAt(this.base + i);
        if (stack.length === 0 && !lenient && raw.trim() !== '') throw xmlError('text outside the root element', at);
        const start = this.base + i;
        i = textEnd;
        yield { type: 'text', text: decodeEntities(raw, lenient, at), line: at, start, end: this.base + textEnd };
      }
      if (lt === -1) break;
      // Enough of the markup to tell what it is ("<![CDATA[", "<!DOCTYPE"), unless the text ends first.
      if (this.buf.length < i + 12 && !eof && more(i)) continue;
      const b = this.buf;
      const at = lineAt(this.base + i);
      const span = SPANS.find(([open]) => b.startsWith(open, i));
      if (span) {
        const [open, close, what] = span;
        const stop = b.indexOf(close, i + open.length);
        if (stop === -1) {
          if (more(i)) continue;
          throw xmlError(`the file ends inside ${what} (truncated?)`, at);
        }
        if (open === '<![CDATA[') {
          if (stack.length === 0 && !lenient) throw xmlError('CDATA outside the root element', at);
          const text = b.slice(i + open.length, stop);
          const start = this.base + i;
          i = stop + close.length;
          yield { type: 'text', text, line: at, start, end: this.base + i };
        } else i = stop + close.length;
        continue;
      }
      if (b.startsWith('<!', i)) {
        const what = /^<!([A-Za-z]*)/.exec(b.slice(i, i + 12))?.[1] ?? '';
        throw declarationRefused(
          `<!${what}> declarations are refused (line ${at}): a payment file needs no DTD, and entity declarations are how XML bombs and external-entity attacks work`,
        );
      }
      const gt = tagEnd(b, i + 1, at);
      if (gt === -2 && more(i)) continue;
      if (gt < 0) throw xmlError('a tag is not closed with ">" (truncated?)', at);
      const start = this.base + i;
      const end = this.base + gt + 1;
      if (b[i + 1] === '/') {
        const qname = b.slice(i + 2, gt).trim();
        if (!NAME.test(qname)) throw xmlError(`malformed close tag </${qname.slice(0, 40)}>`, at);
        if (!lenient) {
          const open = stack.pop();
          if (open !== qname) throw xmlError(`</${qname}> closes <${open ?? 'nothing'}>`, at);
          if (stack.length === 0) rootClosed = true;
        }
        i = gt + 1;
        yield { type: 'close', name: localName(qname), line: at, start, end };
        continue;
      }
      let inner = b.slice(i + 1, gt);
      const selfClosing = inner.endsWith('/');
      if (selfClosing) inner = inner.slice(0, -1);
      const qname = /^[^\s/]*/.exec(inner)![0];
      if (!NAME.test(qname)) throw xmlError(`malformed tag <${qname.slice(0, 40)}>`, at);
      if ((elements += 1) > limits.maxElements) throw xmlError(`more than ${limits.maxElements} elements`, at);
      if (!lenient) {
        if (rootClosed || (stack.length === 0 && elements > 1)) throw xmlError('a second root element', at);
        if (!selfClosing) stack.push(qname);
        else if (stack.length === 0) rootClosed = true;
        if (stack.length > limits.maxDepth) throw xmlError(`elements nested deeper than ${limits.maxDepth}`, at);
      }
      const attrs = parseAttrs(inner.slice(qname.length), lenient, at);
      i = gt + 1;
      yield { type: 'open', name: localName(qname), attrs, selfClosing, line: at, start, end };
      if (selfClosing) yield { type: 'close', name: localName(qname), line: at, start: end, end };
    }
    if (!lenient) {
      if (stack.length > 0)
        throw xmlError(`the file ends inside <${stack[stack.length - 1]}> (truncated?)`, lineAt(this.base + i));
      if (elements === 0) throw xmlError('no XML element in the file');
    }
  }
}

/** The document's events in order (see XmlReader), from its whole text or its text in chunks. */
export const xmlEvents = (src: string | Iterable<string>, options: XmlOptions = {}): Generator<XmlEvent> =>
  new XmlReader(src, options).events;
