import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { openWithEitherCipher, type SqliteDb } from '../../src/core/vault/database';
import { readKeysFile, userSlot } from '../../src/core/vault/keys-file';
import { unwrapUserSlot } from '../../src/core/vault/keyslots';
import { vaultPaths } from '../../src/core/vault/paths';
import { upgradeAtSignIn } from '../../src/core/upgrade/upgrade-v2-signin';
import type { UpgradeOptions } from '../../src/core/upgrade/upgrade-v2';
import { MemoryKeyStore } from './memory-keystore';
import { tempDir } from './test-vault';

/** The version-1 fixture vault (test/fixtures/vault-v1/README.md) and what fixture.json says of it. */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/vault-v1', import.meta.url));

export interface FixtureUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  status: string;
  password: string;
  mustChangePassword: boolean;
  hasKeyslot: boolean;
  totpSecret: string | null;
}

export interface Fixture {
  vaultId: string;
  /** The version-1 recovery key. */
  recoveryKey: string;
  deviceSecretHex: string;
  dekHex: string;
  users: FixtureUser[];
  clients: {
    id: number;
    name: string;
    uscc: string;
    records: number;
    liveRecords: number;
    grants: { username: string; canWrite: boolean }[];
  }[];
  grants: { username: string; clientId: number; canWrite: boolean }[];
  userPermissions: { username: string; permission: string }[];
  markerClient: { id: number };
  markers: Record<string, { ascii: string; zh?: string }>;
  counts: Record<string, number>;
  auditHead: { seq: number; hash: string };
}

export const fixture = JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'fixture.json'), 'utf8')) as Fixture;

export const fixtureUser = (name: string) => fixture.users.find((u) => u.username === name)!;

/** Every marker string, ASCII and Chinese. */
export function markerStrings(): string[] {
  return Object.values(fixture.markers).flatMap((m) => [m.ascii, ...(m.zh ? [m.zh] : [])]);
}

/** A working copy of the fixture vault (never the committed files) with its keychain entry. */
export function copyFixture(): { dir: string; keyStore: MemoryKeyStore; cleanup(): void } {
  const root = tempDir('lv-v1-copy-');
  const dir = path.join(root, 'vault');
  mkdirSync(dir, { mode: 0o700 });
  for (const f of ['vault.db', 'vault.keys', 'vault.pending'])
    copyFileSync(path.join(FIXTURE_DIR, f), path.join(dir, f));
  const keyStore = new MemoryKeyStore();
  keyStore.entries.set(fixture.vaultId, Buffer.from(fixture.deviceSecretHex, 'hex'));
  return { dir, keyStore, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A clock for sign-ins with TOTP: every call is a new 30-second step, after the fixture's last. */
let offset = 0;
export function signInTime(): Date {
  offset += 31_000;
  return new Date(Date.now() + offset);
}

export function totpFor(secret: string, at: Date): string {
  return totpAt(base32Decode(secret), timeStep(at));
}

/**
 * The version-1 part of a sign-in (what unlockVault does before it hands over): the user's
 * version-1 slot gives the DEK for the password; then the upgrade, as upgradeAtSignIn runs it.
 */
export async function signInToUpgrade(
  dir: string,
  keyStore: MemoryKeyStore,
  username: string,
  opts: Omit<UpgradeOptions, 'now'> & { password?: string; totp?: string; at?: Date } = {},
) {
  const paths = vaultPaths(dir);
  const keys = readKeysFile(paths);
  const user = fixtureUser(username);
  const deviceSecret = (await keyStore.get(keys.vaultId))!;
  const slot = userSlot(keys, username)!;
  const password = opts.password ?? user.password;
  const contents = await unwrapUserSlot(slot, password, deviceSecret, keys.vaultId);
  if (!contents) throw new Error(`the fixture password of ${username} does not open their slot`);
  const at = opts.at ?? signInTime();
  return upgradeAtSignIn({
    paths,
    keys,
    slot,
    dek: contents.dek,
    deviceSecret,
    password,
    totp: opts.totp ?? (user.totpSecret ? totpFor(user.totpSecret, at) : undefined),
    now: at,
    afterStep: opts.afterStep,
  });
}

/** vault.db opened directly with the DEK, as an insider with a keyslot could. */
export function openDirectly(dir: string): SqliteDb {
  return openWithEitherCipher(path.join(dir, 'vault.db'), Buffer.from(fixture.dekHex, 'hex'), [
    'sqlcipher',
    'aegis-256',
  ]).db;
}
