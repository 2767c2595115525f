/**
 * The little of Apple's XML property lists that `diskutil … -plist` prints: dict, array, string,
 * integer, real, true, false, data and date. No entities beyond the five XML ones, no DTD
 * fetching (the DOCTYPE line is skipped). Anything else is an error the caller turns into "no
 * drives, and why".
 */

export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };

function decode(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (e) => ENTITIES[e]!);
}

interface Token {
  kind: 'open' | 'close' | 'empty' | 'text';
  name: string;
}

function tokens(xml: string): Token[] {
  const out: Token[] = [];
  const body = xml.replace(/<\?xml[^>]*\?>/g, '').replace(/<!DOCTYPE[^>]*>/g, '');
  const re = /<(\/?)([A-Za-z]+)[^>]*?(\/?)>|([^<]+)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m[4] !== undefined) {
      if (m[4].trim() !== '') out.push({ kind: 'text', name: decode(m[4]) });
    } else if (m[1]) out.push({ kind: 'close', name: m[2]! });
    else out.push({ kind: m[3] ? 'empty' : 'open', name: m[2]! });
  }
  return out;
}

/** Parses a plist document; throws on anything it does not know. */
export function parsePlist(xml: string): PlistValue {
  const list = tokens(xml);
  let i = 0;
  const expect = (kind: Token['kind'], name: string) => {
    const t = list[i++];
    if (!t || t.kind !== kind || t.name !== name) throw new Error(`plist: expected ${kind} ${name}`);
  };
  const text = (name: string): string => {
    const t = list[i];
    let value = '';
    if (t?.kind === 'text') {
      value = t.name;
      i += 1;
    }
    expect('close', name);
    return value;
  };
  const value = (): PlistValue => {
    const t = list[i++];
    if (!t) throw new Error('plist: ended early');
    if (t.kind === 'empty') {
      if (t.name === 'true') return true;
      if (t.name === 'false') return false;
      if (t.name === 'string' || t.name === 'data') return '';
      if (t.name === 'dict') return {};
      if (t.name === 'array') return [];
      throw new Error(`plist: <${t.name}/>`);
    }
    if (t.kind !== 'open') throw new Error('plist: expected a value');
    switch (t.name) {
      case 'dict': {
        const dict: { [key: string]: PlistValue } = {};
        while (list[i]?.kind === 'open' && list[i]!.name === 'key') {
          i += 1;
          const key = text('key');
          dict[key] = value();
        }
        expect('close', 'dict');
        return dict;
      }
      case 'array': {
        const array: PlistValue[] = [];
        while (list[i] && list[i]!.kind !== 'close') array.push(value());
        expect('close', 'array');
        return array;
      }
      case 'string':
      case 'data':
      case 'date':
        return text(t.name);
      case 'integer':
      case 'real': {
        const n = Number(text(t.name).trim());
        if (!Number.isFinite(n)) throw new Error('plist: not a number');
        return n;
      }
      default:
        throw new Error(`plist: <${t.name}>`);
    }
  };
  expect('open', 'plist');
  const root = value();
  expect('close', 'plist');
  return root;
}
