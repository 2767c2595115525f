/**
 * The IPC fuzz target's checks (issue 16 item 3), loaded by the campaign's child (child.ts). The
 * child holds a real vault and the core host's own dispatch: `createIpcRegistry(AppService)`,
 * which validates every payload against the zod contract (src/shared/contract.ts) before any
 * handler runs, exactly as src/core/host/core-host.ts does for a `call` message. Each case is one
 * call (channel, payload, and who is signed in: nobody, a manager or an accountant), its payload
 * passed through structuredClone as a port would. Every case must:
 * - answer (a hang is the parent's time limit) without ending the process (a crash);
 * - answer an IpcResult, a refusal carrying a known code, never E_INTERNAL (an untyped error);
 * - when refused, leave the vault as it was: the row count of every table but the audit log's
 *   (a refusal may be audited) signed in; the database files' bytes signed out;
 * - on every pipeline case (campaign option), leave an audit chain that verifies.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { setClientGrant } from '../../src/core/access/grants';
import { AppService } from '../../src/core/app/app-service';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { createClient } from '../../src/core/clients/clients';
import { createIpcRegistry } from '../../src/core/host/registry';
import { ARGON2_FLOOR } from '../../src/core/index';
import type { IpcRegistry } from '../../src/core/ipc/registry';
import { addRecord } from '../../src/core/records';
import { updateSettings } from '../../src/core/settings/settings';
import { vaultPaths } from '../../src/core/vault/paths';
import type { VaultSession } from '../../src/core/vault/session';
import { ERROR_CODES } from '../../src/shared/errors';
import { INPUT_MESSAGES } from '../../src/shared/messages';
import type { IpcResult } from '../../src/shared/contract';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { PropertyError } from './property';

export type IpcMode = 'out' | 'manager' | 'accountant';
export interface IpcCase {
  channel: unknown;
  mode: IpcMode;
  payload: unknown;
}

export interface IpcVault {
  vault: TestVault;
  staff: Record<Exclude<IpcMode, 'out'>, Staff>;
  service: AppService;
  registry: IpcRegistry;
  session: VaultSession | null;
}

let current: Promise<IpcVault> | undefined;
/** Times the vault was made again because a case left its staff unable to sign in (counted, not failed). */
export let rebuilds = 0;

/** A vault with a manager (clients, records, backups) and an accountant granted one client, MFA for admins only. */
async function makeVault(): Promise<IpcVault> {
  const vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  updateSettings(admin, { mfaRequiredRoles: ['admin'] });
  const manager = await addStaff(admin, vault, 'manager', 'tmgr');
  const accountant = await addStaff(admin, vault, 'accountant', 'tacc');
  admin.lock();
  await admin.anchorsWritten();
  await activate(vault, manager);
  await activate(vault, accountant);
  const s = await signIn(vault, manager);
  const [a, b] = ['甲公司', '乙公司'].map((name) => createClient(s, { name }).id);
  setClientGrant(s, { username: 'tacc', clientId: a!, canWrite: true });
  for (let i = 0; i < 6; i += 1)
    addRecord(s, {
      clientId: i % 2 ? a! : b!,
      occurredAt: '2024-05-01',
      direction: 'out',
      amount: `${10 + i}.00`,
      counterparty: `对方${i}`,
    });
  s.lock();
  await s.anchorsWritten();
  const holder: IpcVault = { vault, staff: { manager, accountant }, service: null!, registry: null!, session: null };
  holder.service = new AppService({
    vaultDir: vault.dir,
    keyStore: vault.keyStore,
    version: '1.0.0',
    kdf: ARGON2_FLOOR,
    saveExport: async () => null,
    openFile: async () => null,
    chooseFolder: async () => null,
    chooseOpenPath: async () => null,
    listDrives: async () => ({ drives: [], problem: null }),
    clipboard: { writeText: () => undefined, readText: () => '' },
    showInFolder: async () => undefined,
    installUpdate: async () => undefined,
    restartToUpdate: async () => undefined,
    onBackgroundError: () => undefined,
  });
  holder.service.onSessionChange((session) => (holder.session = session));
  holder.registry = createIpcRegistry(holder.service);
  return holder;
}

export const ipcVault = (): Promise<IpcVault> => (current ??= makeVault());

/** Signs the case's user in (or everyone out), as the case wants it; a vault a case made unusable is made again. */
async function enter(mode: IpcMode): Promise<IpcVault> {
  let v = await ipcVault();
  const want = mode === 'out' ? null : v.staff[mode];
  const status = v.service.status();
  if (status.state === 'unlocked' && (status.user?.username !== want?.username || status.restriction !== null))
    v.service.lock('manual');
  if (!want || v.service.status().state === 'unlocked') return v;
  try {
    await v.service.unlock({ username: want.username, password: want.password });
    if (v.service.status().restriction !== null) throw new Error('restricted');
  } catch {
    // A case that disabled, reset or locked out this user, or made MFA required for them.
    v.service.lock('manual');
    await v.vault.cleanup();
    rebuilds += 1;
    current = undefined;
    v = await ipcVault();
    await v.service.unlock({ username: want.username, password: want.password });
  }
  return v;
}

/** What a refused call must not change: table row counts (signed in), database bytes (signed out). */
function snapshot(v: IpcVault): string {
  const s = v.session;
  if (s?.isOpen) {
    const tables = s.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'audit_%' AND name NOT LIKE '%_fts%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    return tables.map((t) => `${t}=${s.db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number}`).join(' ');
  }
  const p = vaultPaths(v.vault.dir);
  const h = createHash('sha256');
  for (const f of [p.db, `${p.db}-wal`]) if (existsSync(f)) h.update(readFileSync(f));
  return `files ${h.digest('hex').slice(0, 16)}`;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** A result that could have come from the real registry: shaped, typed, never E_INTERNAL. */
export function checkResult(result: IpcResult<unknown>): void {
  if (typeof result !== 'object' || result === null) throw new PropertyError(`not an IpcResult: ${String(result)}`);
  if (result.ok) {
    try {
      structuredClone(result.value);
    } catch (e) {
      throw new PropertyError(`the answer cannot cross a port: ${String(e)}`);
    }
    return;
  }
  const { code, messageKey, params } = result.error;
  if (!KNOWN_CODES.has(code)) throw new PropertyError(`refused with an unknown code ${String(code)}`);
  if (code === 'E_INTERNAL') throw new PropertyError('refused with E_INTERNAL (an untyped error reached the boundary)');
  if (messageKey !== null && !(messageKey in INPUT_MESSAGES))
    throw new PropertyError(`refused with an unknown message key ${String(messageKey)}`);
  if (typeof params !== 'object' || params === null) throw new PropertyError('refused without params');
}

/** One case through `dispatch` (the real registry, or a planted one in the self-test). */
export async function checkIpc(
  bytes: Uint8Array,
  meta: { pipeline?: boolean },
  plant?: (registry: IpcRegistry) => IpcRegistry,
): Promise<void> {
  const c = deserialize(bytes) as IpcCase;
  const v = await enter(c.mode);
  const registry = plant ? plant(v.registry) : v.registry;
  const before = snapshot(v);
  const wasOpen = v.session?.isOpen === true;
  const result = await registry.dispatch(c.channel, structuredClone(c.payload));
  // A hostile channel value may not even turn into a string ({toString: 'x'}).
  const label = `${typeof c.channel === 'string' ? c.channel.slice(0, 40) : `(${typeof c.channel})`} as ${c.mode}`;
  try {
    checkResult(result);
  } catch (e) {
    throw new PropertyError(`${label}: ${(e as Error).message}`);
  }
  if (!result.ok && wasOpen === (v.session?.isOpen === true)) {
    const after = snapshot(v);
    if (after !== before)
      throw new PropertyError(`${label}: refused (${result.error.code}) but the vault changed: ${before} -> ${after}`);
  }
  if (meta.pipeline && v.session?.isOpen && c.mode === 'manager') {
    const audit = verifyAudit(v.session);
    if (!audit.ok)
      throw new PropertyError(`${label}: the audit chain no longer verifies: ${audit.kind} ${audit.reason ?? ''}`);
  }
}

export const fuzzTargets = {
  ipc: (bytes: Uint8Array, meta: { pipeline?: boolean }) => checkIpc(bytes, meta),
};

export async function fuzzWarmUp(): Promise<void> {
  await ipcVault();
}

export async function fuzzCleanup(): Promise<void> {
  const v = await current?.catch(() => undefined);
  if (!v) return;
  v.service.lock('quit');
  await v.vault.cleanup();
}
