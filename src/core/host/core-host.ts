/**
 * The core host: the one place that owns an AppService (and so the open database, the keys and
 * the idle lock timer) and answers the front end's messages. It runs wherever it is given a
 * port: Electron's utilityProcess (src/main/core-process.ts), the browser harness's child
 * process, a bench, or in-process over a MessageChannel in tests. All SQLite and crypto work
 * happens here, so a long verify or export never stalls the process that draws the window.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { AppService } from '../app/app-service';
import { LedgerVaultError, toPublicError } from '../errors';
import { isInsideVault } from '../export/target';
import { writeFileAtomic } from '../fs/atomic-write';
import { readChosenFile } from '../fs/read-chosen';
import type { KeyStore } from '../keystore/keystore';
import { createIpcRegistry } from './registry';
import type { IpcResult } from '../../shared/contract';
import type { FolderPurpose, HostInit, HostPort, OpenPurpose, ShellRequest, ToHost } from './protocol';

export interface CoreHostDeps {
  /** Where device secrets live: the OS keychain in the app; tests pass their own. */
  keyStore: KeyStore;
  /**
   * The publisher keys update manifests must be signed with (raw Ed25519, base64): compiled into
   * the app's core-process entry from resources/update/, never read from a path at run time.
   */
  updateKeys?: readonly string[];
}

/**
 * Serves one front end on `port` until the process ends. The first message must be `init`
 * (which vault); calls before it are answered E_INTERNAL rather than left waiting.
 */
export function serveCoreHost(port: HostPort, deps: CoreHostDeps): void {
  let service: AppService | null = null;
  let registry: ReturnType<typeof createIpcRegistry> | null = null;
  let vaultDir = '';
  let nextAsk = 1;
  const asks = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();

  /** Asks the shell for something only it can do, and waits for its answer. */
  const ask = (request: ShellRequest): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextAsk++;
      asks.set(id, { resolve, reject });
      port.post({ type: 'shell', id, request });
    });

  /**
   * An export: the shell says where (a save dialog; the harness's export folder), then this
   * process writes the file atomically itself. The caller audits only after this returns a path.
   */
  const saveExport = async (suggestedName: string, bytes: Buffer) => {
    const target = await ask({ method: 'chooseExportPath', suggestedName });
    if (target === null) return null;
    if (typeof target !== 'string' || !path.isAbsolute(target)) {
      throw new LedgerVaultError('E_INTERNAL', 'The shell answered no usable export path.');
    }
    // Whatever the dialog allowed: no plaintext export over vault.keys or beside the vault files.
    if (isInsideVault(target, vaultDir)) {
      throw new LedgerVaultError('E_INPUT', 'An export may not be written inside the vault folder.');
    }
    writeFileAtomic(target, bytes);
    const saved = { path: target, discard: () => rmSync(target, { force: true }) };
    return saved;
  };

  /**
   * A file the user picked (an evidence report to verify against): the shell says which, this
   * process reads it, up to `maxBytes`. Null when they cancelled.
   */
  const openFile = async (purpose: OpenPurpose, maxBytes: number) => {
    const chosen = await ask({ method: 'chooseOpenPath', purpose });
    if (chosen === null) return null;
    if (typeof chosen !== 'string' || !path.isAbsolute(chosen)) {
      throw new LedgerVaultError('E_INTERNAL', 'The shell answered no usable file path.');
    }
    return readChosenFile(chosen, maxBytes);
  };

  /** A file the user picked, by path, for the core to stream itself (a backup to verify); null when cancelled. */
  const chooseOpenPath = async (purpose: OpenPurpose) => {
    const chosen = await ask({ method: 'chooseOpenPath', purpose });
    if (chosen === null) return null;
    if (typeof chosen !== 'string' || !path.isAbsolute(chosen))
      throw new LedgerVaultError('E_INTERNAL', 'The shell answered no usable file path.');
    return chosen;
  };

  /** A folder the user picked (where a backup goes); null when they cancelled. */
  const chooseFolder = async (purpose: FolderPurpose) => {
    const chosen = await ask({ method: 'chooseFolder', purpose });
    if (chosen === null) return null;
    if (typeof chosen !== 'string' || !path.isAbsolute(chosen))
      throw new LedgerVaultError('E_INTERNAL', 'The shell answered no usable folder.');
    return chosen;
  };

  // The clipboard is the shell's; a failure there must not become an unhandled rejection that
  // ends this process (AppService fires these without awaiting).
  const clipboard = {
    writeText: (text: string) =>
      ask({ method: 'clipboardWrite', text }).then(
        () => undefined,
        () => undefined,
      ),
    readText: () =>
      ask({ method: 'clipboardRead' }).then(
        (value) => (typeof value === 'string' ? value : ''),
        () => '',
      ),
  };

  const start = (options: HostInit) => {
    if (service) return; // one vault per host; a second init is ignored
    vaultDir = options.vaultDir;
    const created = new AppService({
      vaultDir: options.vaultDir,
      version: options.version,
      kdf: options.kdf,
      idleMsOverride: options.idleMsOverride,
      keyStore: deps.keyStore,
      updateKeys: deps.updateKeys ?? [],
      saveExport,
      openFile,
      chooseFolder,
      chooseOpenPath,
      listDrives: options.drivesOverride
        ? async () => ({ drives: options.drivesOverride ?? [], problem: null })
        : undefined,
      clipboard,
      showInFolder: async (file: string) => {
        await ask({ method: 'showInFolder', path: file });
      },
      installUpdate: async (request) => {
        await ask({ method: 'installUpdate', request });
      },
      restartToUpdate: async () => {
        await ask({ method: 'restartToUpdate' });
      },
      printPdf: async (html: string) => {
        const pdf = await ask({ method: 'printPdf', html });
        if (typeof pdf !== 'string') throw new LedgerVaultError('E_INTERNAL', 'The shell answered no PDF.');
        return Buffer.from(pdf, 'base64');
      },
    });
    registry = createIpcRegistry(created);
    service = created;
  };

  const failure = (err: unknown): IpcResult<never> => ({ ok: false, error: toPublicError(err) });
  const notStarted = () => failure(new LedgerVaultError('E_INTERNAL', 'The core host has not been told its vault.'));

  const handle = async (message: ToHost): Promise<void> => {
    switch (message.type) {
      case 'init':
        return start(message.options);
      case 'call': {
        const result = registry ? await registry.dispatch(message.channel, message.payload) : notStarted();
        return port.post({ type: 'result', id: message.id, result });
      }
      case 'lock': {
        let result: IpcResult<unknown>;
        try {
          result = service ? { ok: true, value: service.lock(message.reason) } : { ok: true, value: null };
        } catch (err) {
          result = failure(err);
        }
        return port.post({ type: 'result', id: message.id, result });
      }
      case 'refused':
        try {
          service?.auditRefusedCall(message.channel);
        } catch {
          // Refusing the call is what matters; a failed audit write must not end the host.
        }
        return;
      case 'shell-reply': {
        const pending = asks.get(message.id);
        asks.delete(message.id);
        if (!pending) return;
        if (message.ok) pending.resolve(message.value);
        else pending.reject(new LedgerVaultError('E_INTERNAL', 'The shell could not do what the core asked.'));
        return;
      }
    }
  };

  port.onMessage((message) => {
    handle(message).catch((err: unknown) => {
      // Only a broken port gets here; say so on stderr, where the shell's log collects it.
      console.error(`[ledgervault core] ${toPublicError(err).code} while handling ${message.type}`);
    });
  });
  port.post({ type: 'ready' });
}
