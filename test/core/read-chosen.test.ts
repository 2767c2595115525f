/** A file the user picked in the open dialog, read by the core itself (src/core/fs/read-chosen.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readChosenFile } from '../../src/core/fs/read-chosen';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-chosen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading a file the user picked', () => {
  it('returns its name (not its folder) and every byte', () => {
    const file = path.join(dir, '导出.jsonl');
    writeFileSync(file, 'a'.repeat(70_000));
    const read = readChosenFile(file, 1 << 20);
    expect(read.name).toBe('导出.jsonl');
    expect(read.bytes.toString()).toBe('a'.repeat(70_000));
  });

  it('refuses in words, with the file name: too large, a folder, gone', () => {
    const big = path.join(dir, 'big.jsonl');
    writeFileSync(big, Buffer.alloc(3 * 2 ** 20 + 1));
    expect(() => readChosenFile(big, 3 * 2 ** 20)).toThrow(
      expect.objectContaining({
        code: 'E_INPUT',
        messageKey: 'file.tooLarge',
        params: { name: 'big.jsonl', maxMb: 3 },
      }),
    );
    const folder = path.join(dir, 'folder.jsonl');
    mkdirSync(folder);
    expect(() => readChosenFile(folder, 1 << 20)).toThrow(
      expect.objectContaining({ code: 'E_INPUT', messageKey: 'file.notReadable' }),
    );
    expect(() => readChosenFile(path.join(dir, 'gone.jsonl'), 1 << 20)).toThrow(
      expect.objectContaining({ code: 'E_INPUT', messageKey: 'file.notReadable', params: { name: 'gone.jsonl' } }),
    );
  });
});
