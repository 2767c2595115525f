import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInsideVault } from '../../src/core/export/target';
import { tempDir } from '../helpers/test-vault';

let root = '';
let vault = '';

beforeAll(() => {
  root = tempDir('lv-target-');
  vault = path.join(root, 'vault');
  mkdirSync(vault);
  writeFileSync(path.join(vault, 'vault.keys'), '{}');
  mkdirSync(path.join(root, 'exports'));
  symlinkSync(vault, path.join(root, 'exports', 'shortcut'));
  symlinkSync(path.join(vault, 'vault.keys'), path.join(root, 'exports', 'keys.csv'));
  symlinkSync(path.join(vault, 'not-yet.csv'), path.join(root, 'exports', 'dangling.csv'));
  symlinkSync(path.join(root, 'exports', 'keys.csv'), path.join(root, 'exports', 'chain.csv'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('an export destination inside the vault folder', () => {
  it('is recognised however the path is spelled', () => {
    for (const target of [
      vault,
      path.join(vault, 'vault.keys'),
      path.join(vault, 'new.csv'),
      `${root}/exports/../vault/vault.keys`,
      path.join(root, 'exports', 'shortcut', 'vault.keys'),
      path.join(root, 'exports', 'keys.csv'),
      path.join(root, 'exports', 'dangling.csv'),
      path.join(root, 'exports', 'chain.csv'),
    ]) {
      expect(isInsideVault(target, vault), target).toBe(true);
    }
  });

  it('is not confused by a sibling whose name starts the same', () => {
    expect(isInsideVault(path.join(root, 'vault-exports', 'a.csv'), vault)).toBe(false);
    expect(isInsideVault(path.join(root, 'exports', 'a.csv'), vault)).toBe(false);
    expect(isInsideVault(path.join(root, 'vault.csv'), vault)).toBe(false);
  });
});
