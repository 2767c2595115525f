/**
 * One element of the importer's XML read whole (xml.ts yields events; this builds one statement
 * entry, an account or a summary from them), and the lookups the readers use on it. Only ever
 * one entry at a time: the document itself is never held as a tree.
 */
import { xmlError, type XmlEvent } from './xml';

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
