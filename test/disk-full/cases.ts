/**
 * One case per write path (issue 16 item 2, Must show "a test per write path for the full-disk
 * behaviour"): make the disk full (or the drive fail), try the operation, and check what a user
 * would notice: the code, a message that names the folder (and, for a full disk, the MB needed
 * and free) in both languages, nothing committed lost, nothing left that looks complete; then
 * free the space and do the same operation again, with no repair in between. Each case returns
 * its problems instead of throwing, so the campaign can count clear errors.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitImport } from '../../src/core/import/import-file';
import { importBatches } from '../../src/core/db/import-schema';
import { listRecords } from '../../src/core/records/index';
import { ARGON2_FLOOR, createVault, type VaultSession } from '../../src/core/index';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { ADMIN, ADMIN_PASSWORD } from '../helpers/test-vault';
import { addOne, lockSession, session, signInManager, vaultProblems, LedgerVaultError, type Fixture } from './fixture';

export interface CaseResult {
  name: string;
  /** The error the operation gave (null: it did not fail). */
  code: string | null;
  /** The right code, a message naming the folder (and space), and every check after it held. */
  clear: boolean;
  problems: string[];
}

export interface DiskCase {
  name: string;
  /** 'tmpfs': needs a real small disk; 'shim': a fault injected at node:fs. */
  needs: 'tmpfs' | 'shim';
  run(fx: Fixture): Promise<string[] | { err: unknown; problems: string[] }>;
}

interface Expected {
  code: 'E_DISK_FULL' | 'E_IO';
  folder: string;
  keys: readonly string[];
}

/** What is wrong with `err` as the error a person should get. */
export function judge(err: unknown, want: Expected): string[] {
  if (!(err instanceof LedgerVaultError)) return [`expected ${want.code}, got ${String(err)}`];
  const problems: string[] = [];
  if (err.code !== want.code) problems.push(`expected ${want.code}, got ${err.code}: ${err.detail}`);
  if (!want.keys.includes(String(err.messageKey))) problems.push(`message key ${String(err.messageKey)}`);
  for (const locale of ['zh-CN', 'en'] as const) {
    const text = err.localized(locale);
    if (!text.includes(path.resolve(want.folder)))
      problems.push(`${locale} message does not name ${want.folder}: ${text}`);
    if (/\{\w+\}/.test(text)) problems.push(`${locale} message has an unfilled placeholder: ${text}`);
    if (want.code === 'E_DISK_FULL') {
      const { neededMb, freeMb } = err.params;
      if (typeof neededMb !== 'number' || neededMb <= 0) problems.push(`needed space missing: ${String(neededMb)}`);
      if (typeof freeMb !== 'number') problems.push(`free space missing`);
      if (!text.includes(`${String(neededMb)} MB`)) problems.push(`${locale} message does not say the MB needed`);
    }
  }
  return problems;
}

async function failure(op: () => unknown): Promise<unknown> {
  try {
    await op();
  } catch (err) {
    return err;
  }
  return null;
}

/** Temp copies, partial files and lock files a failed write left in the vault folder. */
function strayInVault(fx: Fixture): string[] {
  return readdirSync(fx.vault.dir)
    .filter((n) => /\.tmp$|\.lock$|\.partial$/.test(n))
    .map((n) => `left in the vault folder: ${n}`);
}

const VAULT_FULL = ['disk.vaultFull'];
const NOW = Date.parse('2024-06-01T04:00:00Z');
const ALIPAY = fileURLToPath(new URL('../fixtures/import/pipeline/alipay-march.csv', import.meta.url));

/** A vault-disk case: fill, try, judge, check the vault, free, try again. */
function vaultFull(
  name: string,
  keys: readonly string[],
  attempt: (fx: Fixture, s: VaultSession) => unknown,
  again: (fx: Fixture, s: VaultSession) => unknown,
): DiskCase {
  return {
    name,
    needs: 'tmpfs',
    async run(fx) {
      const s = session(fx);
      fx.vaultDisk.fill();
      const err = await failure(() => attempt(fx, s));
      const problems = judge(err, { code: 'E_DISK_FULL', folder: fx.vault.dir, keys });
      problems.push(...vaultProblems(fx, s, { audit: false }), ...strayInVault(fx));
      fx.vaultDisk.free();
      try {
        await again(fx, s);
      } catch (e) {
        problems.push(`after freeing space: ${String(e)}`);
      }
      problems.push(...vaultProblems(fx, s));
      return { err, problems };
    },
  };
}

let listLimit = 500;

export const VAULT_CASES: DiskCase[] = [
  vaultFull(
    'vault: a record write',
    VAULT_FULL,
    (fx) => addOne(fx, 'on-a-full-disk'),
    (fx) => addOne(fx, 'after-free'),
  ),
  vaultFull(
    'vault: a read that must write its audit event',
    ['disk.vaultFullRead'],
    (fx, s) => listRecords(s, { clientId: fx.clientId, limit: listLimit++ }),
    (fx, s) => {
      const page = listRecords(s, { clientId: fx.clientId, limit: listLimit++ });
      if (page.total !== fx.committed) throw new Error(`listed ${page.total} of ${fx.committed}`);
    },
  ),
  vaultFull(
    'vault: an import commit',
    VAULT_FULL,
    async (fx, s) => {
      const batches = s.orm.select().from(importBatches).all().length;
      const err = await failure(() => commitImport(s, importInput(fx), { now: NOW }));
      if (s.orm.select().from(importBatches).all().length !== batches) throw new Error('a batch was left');
      throw err;
    },
    async (fx, s) => {
      const result = await commitImport(s, importInput(fx), { now: NOW });
      fx.committed += result.ids.length;
      if (result.ids.length === 0) throw new Error('nothing imported after freeing space');
    },
  ),
  {
    name: 'vault: a new vault on a full disk',
    needs: 'tmpfs',
    async run(fx) {
      const dir = path.join(fx.vaultDisk.root, 'second-vault');
      const keyStore = new MemoryKeyStore();
      const create = () =>
        createVault({ dir, adminUsername: ADMIN, adminPassword: ADMIN_PASSWORD, keyStore, kdf: ARGON2_FLOOR });
      fx.vaultDisk.fill();
      const err = await failure(create);
      const problems = judge(err, { code: 'E_DISK_FULL', folder: dir, keys: [...VAULT_FULL, 'disk.full'] });
      const left = existsSync(dir) ? readdirSync(dir) : [];
      if (left.length > 0) problems.push(`left in the new vault's folder: ${left.join(', ')}`);
      if (keyStore.entries.size > 0) problems.push('a device secret was left in the keychain');
      fx.vaultDisk.free();
      const made = await failure(create);
      if (made) problems.push(`after freeing space: ${String(made)}`);
      rmSync(dir, { recursive: true, force: true });
      return { err, problems };
    },
  },
  {
    name: 'vault: a sign-in (its audit event)',
    needs: 'tmpfs',
    async run(fx) {
      await lockSession(fx);
      // Two pages left: room for the sign-in's lock files, none for its audit event.
      fx.vaultDisk.fill(8192);
      const err = await failure(() => signInManager(fx));
      const problems = judge(err, {
        code: 'E_DISK_FULL',
        folder: fx.vault.dir,
        keys: ['disk.vaultFullSignIn'],
      });
      problems.push(...strayInVault(fx));
      fx.vaultDisk.free();
      const s = await signInManager(fx);
      problems.push(...vaultProblems(fx, s));
      return { err, problems };
    },
  },
];
function importInput(fx: Fixture) {
  return { clientId: fx.clientId, bytes: new Uint8Array(readFileSync(ALIPAY)), fileName: 'alipay-march.csv' };
}

export { failure, strayInVault };
