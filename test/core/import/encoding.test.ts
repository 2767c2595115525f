import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeChunks, detectEncoding } from '../../../src/core/import/encoding';
import { encodeGbk } from '../../helpers/gbk';

const utf8 = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]) => new Uint8Array(parts.flatMap((p) => [...p]));

describe('encoding detection', () => {
  it('reads GBK bytes built by hand (支付宝 = D6 A7 B8 B6 B1 A6) as GB18030', () => {
    const bytes = cat([0xd6, 0xa7, 0xb8, 0xb6, 0xb1, 0xa6], utf8(',1.00\n'));
    expect(decodeBytes(bytes)).toEqual({ encoding: 'gb18030', text: '支付宝,1.00\n', confident: true });
  });

  it('reads a whole GBK line the test helper encodes, and the helper agrees with the hand-made bytes', () => {
    expect([...encodeGbk('支付宝')]).toEqual([0xd6, 0xa7, 0xb8, 0xb6, 0xb1, 0xa6]);
    const text = '交易时间,交易对方,金额\n2024-03-20 10:00:00,某某餐厅,38.50\n';
    expect(decodeBytes(encodeGbk(text))).toMatchObject({ encoding: 'gb18030', text, confident: true });
  });

  it('takes UTF-8 with and without a BOM, dropping the BOM', () => {
    expect(decodeBytes(cat([0xef, 0xbb, 0xbf], utf8('微信支付')))).toEqual({
      encoding: 'utf-8',
      text: '微信支付',
      confident: true,
    });
    expect(decodeBytes(utf8('微信支付,¥28.16'))).toMatchObject({ encoding: 'utf-8', text: '微信支付,¥28.16' });
  });

  it('takes UTF-16 by its BOM, either byte order', () => {
    const le = cat([0xff, 0xfe], [0x2f, 0x65, 0x41, 0x00]); // 支 A
    const be = cat([0xfe, 0xff], [0x65, 0x2f, 0x00, 0x41]);
    expect(decodeBytes(le)).toMatchObject({ encoding: 'utf-16le', text: '支A' });
    expect(decodeBytes(be)).toMatchObject({ encoding: 'utf-16be', text: '支A' });
  });

  it('falls back to Windows-1252 for Western text that is not UTF-8 (QIF with Müller, Café, 12€)', () => {
    const bytes = cat(utf8('PM'), [0xfc], utf8('ller Caf'), [0xe9], utf8(' 12'), [0x80], utf8('\n'));
    const decoded = decodeBytes(bytes);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toBe('PMüller Café 12€\n');
  });

  it('does not call Latin text Chinese even when its bytes happen to decode as GBK', () => {
    // "Müller" is 4D FC 6C …: FC 6C is a valid GBK pair, but outside GB2312's common plane.
    const guess = detectEncoding(
      cat(utf8('M'), [0xfc], utf8('ller;M'), [0xfc], utf8('nchen;Z'), [0xfc], utf8('rich\n')),
    );
    expect(guess.encoding).toBe('windows-1252');
  });

  it('lets the user override the guess, and ISO-8859-1 keeps 0x80 as a control character', () => {
    const bytes = cat([0xd6, 0xa7], [0x80]);
    expect(decodeBytes(bytes, 'iso-8859-1')).toEqual({ encoding: 'iso-8859-1', text: 'Ö§\u0080', confident: true });
    expect(decodeBytes(bytes, 'windows-1252').text).toBe('Ö§€');
  });

  it('decodes chunks with a character split across them', () => {
    const bytes = cat([0xef, 0xbb, 0xbf], utf8('收入,¥1'));
    const chunks = [bytes.subarray(0, 4), bytes.subarray(4, 7), bytes.subarray(7)];
    expect([...decodeChunks(chunks)].join('')).toBe('收入,¥1');
    const gbk = encodeGbk('支付宝交易');
    expect([...decodeChunks([gbk.subarray(0, 3), gbk.subarray(3)], 'gb18030')].join('')).toBe('支付宝交易');
  });
});
