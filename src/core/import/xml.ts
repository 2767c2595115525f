/**
 * The importer's own XML tokenizer (camt.053, OFX 2.x; OFX 1.x SGML through `lenient`). It is a
 * generator of events over the decoded text, so a reader can keep one entry in memory at a time.
 *
 * It is deliberately small and non-validating, and it refuses what makes XML dangerous to read:
 * any `<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT` or `<!ATTLIST` is an error before anything is
 * expanded (billion laughs, external entities, DTD fetches), and only the five predefined
 * entities and numeric character references are decoded. Depth and the total count of elements
 * are capped so a hostile file cannot exhaust memory or time. No npm XML parser is used: this is
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
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 64, maxElements: 20_000_000 };

export type XmlEvent =
  | {
      type: 'open';
      name: string;
      attrs: Record<string, string>;
      selfClosing: boolean;
      line: number;
      /** Offset of `<` in the text, so a reader can keep the element's source. */
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

/** Where the `>` ending a tag that starts at `from` is, skipping quoted attribute values; -1 if none. */
function tagEnd(src: string, from: number): number {
  let quote = '';
  for (let i = from; i < src.length; i += 1) {
    const c = src[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') return -1;
  }
  return -1;
}

/**
 * The document's events in order. Throws E_INPUT for a refused declaration, a malformed tag, a
 * mismatched close tag (strict), a cap exceeded, or a document that ends inside an element
 * (a truncated file: nothing read so far is presented as the whole document).
 */
export function* xmlEvents(src: string, options: XmlOptions = {}): Generator<XmlEvent> {
  const limits = { ...DEFAULT_XML_LIMITS, ...options.limits };
  const lenient = options.lenient ?? false;
  const stack: string[] = [];
  let elements = 0;
  let rootClosed = false;
  let line = 1;
  // Line numbers advance with the cursor, so counting newlines costs one pass over the text. The
  // next newline is remembered: searching for it again from the cursor at every tag was quadratic
  // on a long line (a 2 MB one-line OFX took 50 s).
  let nextNewline = src.indexOf('\n');
  const lineAt = (pos: number) => {
    while (nextNewline !== -1 && nextNewline < pos) {
      line += 1;
      nextNewline = src.indexOf('\n', nextNewline + 1);
    }
    return line;
  };
  const n = src.length;
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;

  while (i < n) {
    const lt = src.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) {
      const raw = src.slice(i, textEnd);
      const at = lineAt(i);
      if (stack.length === 0 && !lenient && raw.trim() !== '') throw xmlError('text outside the root element', at);
      yield { type: 'text', text: decodeEntities(raw, lenient, at), line: at, start: i, end: textEnd };
    }
    if (lt === -1) break;
    const at = lineAt(lt);
    if (src.startsWith('<!--', lt)) {
      const close = src.indexOf('-->', lt + 4);
      if (close === -1) throw xmlError('the file ends inside a comment (truncated?)', at);
      i = close + 3;
      continue;
    }
    if (src.startsWith('<![CDATA[', lt)) {
      const close = src.indexOf(']]>', lt + 9);
      if (close === -1) throw xmlError('the file ends inside a CDATA section (truncated?)', at);
      if (stack.length === 0 && !lenient) throw xmlError('CDATA outside the root element', at);
      yield { type: 'text', text: src.slice(lt + 9, close), line: at, start: lt, end: close + 3 };
      i = close + 3;
      continue;
    }
    if (src.startsWith('<!', lt)) {
      const what = /^<!([A-Za-z]*)/.exec(src.slice(lt, lt + 12))?.[1] ?? '';
      throw declarationRefused(
        `<!${what}> declarations are refused (line ${at}): a payment file needs no DTD, and entity declarations are how XML bombs and external-entity attacks work`,
      );
    }
    if (src.startsWith('<?', lt)) {
      const close = src.indexOf('?>', lt + 2);
      if (close === -1) throw xmlError('the file ends inside a processing instruction (truncated?)', at);
      i = close + 2;
      continue;
    }
    const gt = tagEnd(src, lt + 1);
    if (gt === -1) throw xmlError('a tag is not closed with ">" (truncated?)', at);
    if (src[lt + 1] === '/') {
      const qname = src.slice(lt + 2, gt).trim();
      if (!NAME.test(qname)) throw xmlError(`malformed close tag </${qname.slice(0, 40)}>`, at);
      const name = localName(qname);
      if (!lenient) {
        const open = stack.pop();
        if (open !== qname) throw xmlError(`</${qname}> closes <${open ?? 'nothing'}>`, at);
        if (stack.length === 0) rootClosed = true;
      }
      yield { type: 'close', name, line: at, start: lt, end: gt + 1 };
    } else {
      let inner = src.slice(lt + 1, gt);
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
      yield { type: 'open', name: localName(qname), attrs, selfClosing, line: at, start: lt, end: gt + 1 };
      if (selfClosing) yield { type: 'close', name: localName(qname), line: at, start: gt + 1, end: gt + 1 };
    }
    i = gt + 1;
  }
  if (!lenient) {
    if (stack.length > 0) throw xmlError(`the file ends inside <${stack[stack.length - 1]}> (truncated?)`, lineAt(n));
    if (elements === 0) throw xmlError('no XML element in the file');
  }
}

/** An element read whole: for one statement entry at a time, never the whole document. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Its own text (not its children's), trimmed. */
  text: string;
  line: number;
  start: number;
  end: number;
}

/** Reads the element whose open event was just taken from `events` into a node, up to its close. */
export function readElement(open: Extract<XmlEvent, { type: 'open' }>, events: Iterator<XmlEvent>): XmlNode {
  const root: XmlNode = {
    name: open.name,
    attrs: open.attrs,
    children: [],
    text: '',
    line: open.line,
    start: open.start,
    end: open.end,
  };
  const path: XmlNode[] = [root];
  const texts: string[][] = [[]];
  while (path.length > 0) {
    const next = events.next();
    if (next.done) throw xmlError(`the file ends inside <${path[path.length - 1]!.name}> (truncated?)`);
    const ev = next.value;
    const top = path[path.length - 1]!;
    if (ev.type === 'text') texts[texts.length - 1]!.push(ev.text);
    else if (ev.type === 'open') {
      const child: XmlNode = {
        name: ev.name,
        attrs: ev.attrs,
        children: [],
        text: '',
        line: ev.line,
        start: ev.start,
        end: ev.end,
      };
      top.children.push(child);
      path.push(child);
      texts.push([]);
    } else {
      top.text = texts.pop()!.join('').trim();
      top.end = ev.end;
      path.pop();
    }
  }
  return root;
}

/** The first descendant along a path of local names (`child(n, 'Amt')`, `child(n, 'Acct', 'Id', 'IBAN')`). */
export function child(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let at = node;
  for (const name of names) {
    at = at?.children.find((c) => c.name === name);
    if (!at) return undefined;
  }
  return at;
}

/** All direct children with this local name. */
export const childrenNamed = (node: XmlNode | undefined, name: string): XmlNode[] =>
  node ? node.children.filter((c) => c.name === name) : [];

/** The trimmed text at a path, or '' when any step is missing. */
export const textAt = (node: XmlNode | undefined, ...names: string[]): string => child(node, ...names)?.text ?? '';
