/**
 * The main process's largest event-loop stall while the core verifies a large audit log and
 * exports 100,000 records. This process plays Electron's main process; the core host runs where
 * the app runs it, in a process of its own (test/harness/host-process.ts standing in for the
 * utilityProcess), and, as the baseline, in this process (where the core ran before issue 9).
 * A stall is the longest time this process's event loop could not run anything: a frozen window.
 */
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ARGON2_FLOOR, createVault, OsKeyStore, unlockVault } from '../../src/core/index';
import { beginMfaEnrolment, confirmMfaEnrolment } from '../../src/core/auth/mfa';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { CoreClient, type HostConnection } from '../../src/core/host/client';
import { launchInProcess } from '../../src/core/host/in-process';
import type { IpcResult } from '../../src/shared/contract';
import type { CheckedRecord } from '../../src/shared/records/check-record';
import { insertClient } from '../../src/core/clients/clients';
import { setClientGrant } from '../../src/core/access/grants';
import { insertRecords } from '../../src/core/records/insert-records';
import { launchHostProcess } from '../harness/host-process';

const SERVICE = 'LedgerVaultBench';
const PASSWORD = 'Timing-Secret-2024';

/** Runs `work` while watching this event loop; the longest gap it saw, in ms. */
async function largestStall<T>(work: () => Promise<T>): Promise<{ stallMs: number; ms: number; value: T }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  // Drift of a 5 ms timer as a second witness (the histogram samples on its own timer).
  let last = performance.now();
  let drift = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    drift = Math.max(drift, now - last - 5);
    last = now;
  }, 5);
  histogram.enable();
  const start = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - start;
    // One more turn of the loop, so a stall at the very end is seen by the timer too.
    await new Promise((resolve) => setTimeout(resolve, 10));
    return { stallMs: Math.max(histogram.max / 1e6, drift), ms, value };
  } finally {
    histogram.disable();
    clearInterval(timer);
  }
}

function expectOk(result: IpcResult<unknown>, what: string): unknown {
  if (!result.ok) throw new Error(`bench: ${what} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/**
 * A vault whose admin (with MFA, so unrestricted) may read client 1, which has `records` payment
 * records, and whose audit log holds `events` events. Returns the MFA recovery codes, one per
 * later sign-in.
 */
async function seedVault(dir: string, keyStore: OsKeyStore, records: number, events: number) {
  const created = await createVault({
    dir,
    adminUsername: 'bench',
    adminPassword: PASSWORD,
    keyStore,
    kdf: ARGON2_FLOOR,
  });
  const session = await unlockVault({ dir, username: 'bench', password: PASSWORD, keyStore });
  try {
    const enrolment = await beginMfaEnrolment(session);
    const now = new Date();
    confirmMfaEnrolment(session, totpAt(base32Decode(enrolment.secret), timeStep(now)), now);
    // Version 2: the client (and its key, wrapped to the admin) and its records through the core,
    // so the text is sealed and the records export decrypts them as the app does.
    const clientId = session.write((ctx) => {
      const id = insertClient(session, ctx, { name: '客户甲有限公司', uscc: null });
      ctx.audit({ action: 'client.create', targetType: 'client', targetId: String(id), clientId: id });
      return id;
    });
    // An admin reads record contents only with a grant (a signed statement), as before.
    setClientGrant(session, { username: 'bench', clientId, canWrite: false });
    const stamp = now.toISOString();
    const base = Date.UTC(2023, 0, 1);
    for (let done = 0; done < records; done += 10_000) {
      const batch: CheckedRecord[] = [];
      for (let i = done; i < Math.min(records, done + 10_000); i += 1) {
        batch.push({
          clientId,
          occurredAt: '',
          occurredAtMs: base + i * 60_000,
          hasTime: true,
          direction: i % 2 ? 'in' : 'out',
          amount: '',
          amountMinor: 100 + (i % 99_999),
          currency: 'CNY',
          channel: 'bank',
          counterparty: `张三${i % 97}`,
          counterpartyAccount: `62220${1e13 + i}`,
          reference: `T${i}`,
          memo: '货款',
        });
      }
      session.write((ctx) => insertRecords(session, ctx, batch, { stamp }));
    }
    for (let done = 0; done < events; done += 50_000) {
      session.write((ctx) => {
        for (let i = done; i < Math.min(events, done + 50_000); i += 1) {
          ctx.audit({ action: 'records.list', clientId: 1, details: { filter: { q: '张三' }, rows: i % 50 } });
        }
      });
    }
    return { vaultId: created.vaultId, codes: [...enrolment.recoveryCodes] };
  } finally {
    session.lock();
  }
}

/** Signs in through `launch`'s host, then times verify and export there, watching this loop. */
async function measure(launch: () => HostConnection, dir: string, exportDir: string, code: string) {
  const client = new CoreClient({
    launch,
    init: { vaultDir: dir, version: 'bench', kdf: ARGON2_FLOOR },
    shell: {
      chooseExportPath: async (name) => path.join(exportDir, name),
      chooseOpenPath: async () => null,
      chooseFolder: async () => null,
      clipboardWrite: () => undefined,
      clipboardRead: () => '',
      showInFolder: () => undefined,
    },
  });
  try {
    expectOk(await client.call('vault:unlock', { username: 'bench', password: PASSWORD, totp: code }), 'unlock');
    const verify = await largestStall(async () => expectOk(await client.call('audit:verify', {}), 'verify'));
    const exported = await largestStall(async () =>
      expectOk(await client.call('records:export', { query: { clientId: 1 }, format: 'csv' }), 'export'),
    );
    return { verify, exported };
  } finally {
    await client.stop('manual');
  }
}

/** Table rows: the stall with the core in its own process, beside the core on this thread. */
export async function stallBench(root: string, events: number, fmt: (n: number, d?: number) => string) {
  const records = Math.min(100_000, events);
  const keyStore = new OsKeyStore(SERVICE);
  const dir = path.join(root, 'stall-vault');
  const exportDir = root;
  const { vaultId, codes } = await seedVault(dir, keyStore, records, events);
  try {
    const apart = await measure(() => launchHostProcess({ keychainService: SERVICE }), dir, exportDir, codes[0]!);
    const inline = await measure(() => launchInProcess({ keyStore }), dir, exportDir, codes[1]!);
    const row = (what: string, key: 'verify' | 'exported') => [
      what,
      `${fmt(apart[key].stallMs, 1)} (of ${fmt(apart[key].ms / 1000)} s)`,
      `${fmt(inline[key].stallMs, 1)} (core on the main thread)`,
      `${fmt(apart[key].stallMs / inline[key].stallMs, 3)}x`,
      '< 50 ms',
    ];
    return [
      row(`main-process stall ms, audit verify (${events.toLocaleString('en-US')} events)`, 'verify'),
      row(`main-process stall ms, export CSV (${records.toLocaleString('en-US')} records)`, 'exported'),
    ];
  } finally {
    await keyStore.delete(vaultId).catch(() => false);
  }
}
