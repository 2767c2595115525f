/**
 * Known faults for the self-test of the IPC and file fuzz targets (issue 16: no campaign that
 * cannot fail), loaded by the campaign's child like ipc-targets.ts and file-targets.ts. Each is
 * the slip a real change could make:
 * - ipc-untyped: a handler that throws a TypeError after doing its work (E_INTERNAL at the boundary);
 * - ipc-partial: clients:create that creates the client and then reports a refusal;
 * - backup-swallowed: a verify that swallows the reader's E_INTEGRITY;
 * - keys-unchecked: a keys-file reader with no schema and no try (JSON.parse straight to the type);
 * - pending-unchained: a pending-file reader that believes every line that parses, MAC unchecked;
 * - manifest-unsigned: a manifest verifier that accepts whatever parses, signature unchecked.
 */
import { readFileSync } from 'node:fs';
import { verifyBackupFile } from '../../src/core/backup/backup-verify';
import { LedgerVaultError } from '../../src/core/errors';
import type { IpcRegistry } from '../../src/core/ipc/registry';
import { parseManifest } from '../../src/core/update/manifest';
import type { verifyManifestBytes } from '../../src/core/update/verify-manifest';
import type { KeysFile } from '../../src/core/vault/keys-file';
import type { parsePendingText, PendingEvent } from '../../src/core/vault/pending-events';
import { checkBackup, checkKeysFile, checkManifest, checkPendingFile, type FileMeta } from './file-targets';
import { checkIpc, fuzzCleanup as ipcCleanup, fuzzWarmUp as ipcWarmUp } from './ipc-targets';

type Handler = (input: unknown) => unknown;
const planted = new WeakSet<IpcRegistry>();

/** Replaces one channel's handler in the registry's own table (so dispatch's validation and catch still run). */
function plantHandler(channel: string, wrap: (original: Handler) => Handler) {
  return (registry: IpcRegistry): IpcRegistry => {
    if (planted.has(registry)) return registry;
    const handlers = (registry as unknown as { handlers: Map<string, Handler> }).handlers;
    handlers.set(channel, wrap(handlers.get(channel)!));
    planted.add(registry);
    return registry;
  };
}

const untyped = plantHandler('home:summary', (original) => async (input) => {
  await original(input);
  return (undefined as unknown as { summary: unknown }).summary;
});
const partial = plantHandler('clients:create', (original) => async (input) => {
  await original(input);
  throw new LedgerVaultError('E_INPUT', 'planted: refused after creating the client');
});

const swallowed: typeof verifyBackupFile = async (file, opts) => {
  try {
    return await verifyBackupFile(file, opts);
  } catch (e) {
    if (e instanceof LedgerVaultError && e.code === 'E_INTEGRITY')
      return {} as Awaited<ReturnType<typeof verifyBackupFile>>;
    throw e;
  }
};

const unchecked = (paths: { keys: string }) => JSON.parse(readFileSync(paths.keys, 'utf8')) as KeysFile;

const unchained: typeof parsePendingText = (text) => {
  const events: PendingEvent[] = [];
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    try {
      events.push(JSON.parse(line) as PendingEvent);
    } catch {
      break;
    }
  }
  return { events, brokenAtLine: null, tail: null };
};

const unsigned: typeof verifyManifestBytes = (bytes, opts) => {
  try {
    const manifest = parseManifest(bytes);
    return {
      accepted: true,
      verified: {
        manifest,
        signed: manifest.signed,
        key: { fingerprint: '', trust: 'pinned' },
        highestInstalled: opts.trust.highestInstalled,
        checkedAt: opts.now.toISOString(),
      },
    };
  } catch {
    return { accepted: false, refusal: { code: 'update.malformed', params: {}, detail: 'planted' } } as ReturnType<
      typeof verifyManifestBytes
    >;
  }
};

export const fuzzTargets = {
  'ipc-untyped': (b: Uint8Array, m: { pipeline?: boolean }) => checkIpc(b, m, untyped),
  'ipc-partial': (b: Uint8Array, m: { pipeline?: boolean }) => checkIpc(b, m, partial),
  'ipc-control': (b: Uint8Array, m: { pipeline?: boolean }) => checkIpc(b, m),
  'backup-swallowed': (b: Uint8Array, m: FileMeta) => checkBackup(b, m, swallowed),
  'keys-unchecked': (b: Uint8Array, m: FileMeta) => checkKeysFile(b, m, unchecked as never),
  'pending-unchained': (b: Uint8Array, m: FileMeta) => checkPendingFile(b, m, unchained),
  'manifest-unsigned': (b: Uint8Array, m: FileMeta) => checkManifest(b, m, parseManifest, unsigned),
};

export async function fuzzWarmUp(target: string): Promise<void> {
  if (target.startsWith('ipc-')) await ipcWarmUp();
}

export async function fuzzCleanup(): Promise<void> {
  await ipcCleanup();
}
