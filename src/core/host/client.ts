/**
 * The front end's side of the core host: starts it (through whatever launcher the front end
 * has: Electron's utilityProcess, a child process, a MessageChannel), sends it calls and lock
 * requests, and answers what it asks of the shell (where to save, the clipboard).
 *
 * The host may die (a crash, an out-of-memory kill). Every call then waiting gets E_INTERNAL at
 * once instead of hanging, and the next call starts a fresh host, which has no session: the
 * window sees a locked vault and the user signs in again.
 */
import { LedgerVaultError, toPublicError } from '../errors';
import type { IpcResult } from '../../shared/contract';
import type {
  FolderPurpose,
  FromHost,
  HostInit,
  LockReason,
  OpenPurpose,
  Port,
  ShellRequest,
  ToHost,
  UpdateInstallRequest,
} from './protocol';

/** A running host, as its launcher sees it. */
export interface HostConnection extends Port<FromHost, ToHost> {
  /** Called once when the host process ends, for whatever reason. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** What the shell does for the host. */
export interface ShellHandlers {
  /** Where the user wants an export (null: they cancelled). The host writes the file. */
  chooseExportPath(suggestedName: string): Promise<string | null>;
  /** A file the user picks for the host to read (null: they cancelled). The host reads it itself. */
  chooseOpenPath(purpose: OpenPurpose): Promise<string | null>;
  /** A folder the user picks (null: they cancelled). */
  chooseFolder(purpose: FolderPurpose): Promise<string | null>;
  clipboardWrite(text: string): void | Promise<void>;
  clipboardRead(): string | Promise<string>;
  /** Shows a file the host saved in the file manager (the host only ever asks for its own files). */
  showInFolder(path: string): void | Promise<void>;
}

/** The platform installer, where the shell has one (Electron: src/main/update/; the harness: a stand-in). */
export interface UpdateShellHandlers {
  /**
   * Hands a release the core verified to the installer, which verifies it again; resolves once it
   * is ready to install at restart.
   */
  installUpdate(request: UpdateInstallRequest): Promise<void>;
  restartToUpdate(): void | Promise<void>;
}

export interface CoreClientOptions {
  launch: () => HostConnection;
  init: HostInit;
  shell: ShellHandlers;
  /** Absent: the core refuses to install updates through this shell. */
  updater?: UpdateShellHandlers;
  /** The PDF print of a self-contained HTML page (the evidence report); absent: this shell cannot print. */
  printPdf?: (html: string) => Promise<Uint8Array>;
  /** Told when a running host ends without being stopped (for a log line). */
  onUnexpectedExit?: (code: number | null) => void;
}

const unavailable = (): IpcResult<never> => ({
  ok: false,
  error: toPublicError(new LedgerVaultError('E_INTERNAL', 'The core process stopped; the vault is locked.')),
});

export class CoreClient {
  private connection: HostConnection | null = null;
  /** What waits for the host's 'ready' (the init message first), per connection. */
  private readonly outbox = new WeakMap<HostConnection, ToHost[]>();
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { connection: HostConnection; resolve: (r: IpcResult<unknown>) => void }
  >();
  private readonly stopped = new WeakSet<HostConnection>();

  constructor(private readonly opts: CoreClientOptions) {}

  /** Starts the host now rather than at the first call (so the first screen is not slower). */
  start(): void {
    this.connect();
  }

  /** One renderer call, already checked by the shell; never rejects. */
  call(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
    return this.send((id) => ({ type: 'call', id, channel, payload }));
  }

  /** Locks the vault (OS lock, suspend, window closed, quit). Without a host there is nothing to lock. */
  lock(reason: LockReason): Promise<IpcResult<unknown>> {
    if (!this.connection) return Promise.resolve({ ok: true, value: null });
    return this.send((id) => ({ type: 'lock', id, reason }));
  }

  /** Tells the host about a call the shell refused, so it can audit it. */
  refused(channel: string): void {
    if (this.connection) this.post(this.connection, { type: 'refused', channel });
  }

  /** Locks, then ends the host (app quit). Resolves even if the host is already gone. */
  async stop(reason: LockReason = 'quit'): Promise<IpcResult<unknown>> {
    const result = await this.lock(reason);
    this.kill();
    return result;
  }

  /** Ends the host without asking it to lock first (it did not answer in time). */
  kill(): void {
    const connection = this.connection;
    this.connection = null;
    if (!connection) return;
    this.stopped.add(connection);
    connection.kill();
  }

  private connect(): HostConnection {
    if (this.connection) return this.connection;
    const connection = this.opts.launch();
    this.connection = connection;
    this.outbox.set(connection, [{ type: 'init', options: this.opts.init }]);
    connection.onMessage((message) => this.receive(connection, message));
    connection.onExit((code) => this.lost(connection, code));
    return connection;
  }

  /** Posts now if the host has said it is ready, else once it has. */
  private post(connection: HostConnection, message: ToHost): void {
    const waiting = this.outbox.get(connection);
    if (waiting) waiting.push(message);
    else connection.post(message);
  }

  private send(make: (id: number) => ToHost): Promise<IpcResult<unknown>> {
    let connection: HostConnection;
    try {
      connection = this.connect();
    } catch {
      return Promise.resolve(unavailable());
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { connection, resolve });
      try {
        this.post(connection, make(id));
      } catch {
        this.pending.delete(id);
        resolve(unavailable());
      }
    });
  }

  private receive(connection: HostConnection, message: FromHost): void {
    if (message.type === 'ready') {
      const waiting = this.outbox.get(connection) ?? [];
      this.outbox.delete(connection);
      for (const queued of waiting) connection.post(queued);
      return;
    }
    if (message.type === 'result') {
      const waiting = this.pending.get(message.id);
      if (waiting?.connection !== connection) return;
      this.pending.delete(message.id);
      waiting.resolve(message.result);
      return;
    }
    void this.answer(message.request).then((reply) => {
      if (this.connection === connection) connection.post({ type: 'shell-reply', id: message.id, ...reply });
    });
  }

  private async answer(request: ShellRequest): Promise<{ ok: true; value: unknown } | { ok: false }> {
    const shell = this.opts.shell;
    try {
      switch (request.method) {
        case 'chooseExportPath':
          return { ok: true, value: await shell.chooseExportPath(request.suggestedName) };
        case 'chooseOpenPath':
          return { ok: true, value: await shell.chooseOpenPath(request.purpose) };
        case 'chooseFolder':
          return { ok: true, value: await shell.chooseFolder(request.purpose) };
        case 'clipboardWrite':
          await shell.clipboardWrite(request.text);
          return { ok: true, value: null };
        case 'clipboardRead':
          return { ok: true, value: await shell.clipboardRead() };
        case 'showInFolder':
          await shell.showInFolder(request.path);
          return { ok: true, value: null };
        case 'installUpdate':
          if (!this.opts.updater) break;
          await this.opts.updater.installUpdate(request.request);
          return { ok: true, value: null };
        case 'restartToUpdate':
          if (!this.opts.updater) break;
          await this.opts.updater.restartToUpdate();
          return { ok: true, value: null };
        case 'printPdf':
          if (!this.opts.printPdf) break;
          // As base64: a string crosses every transport the host may run behind.
          return { ok: true, value: Buffer.from(await this.opts.printPdf(request.html)).toString('base64') };
      }
    } catch {
      // The host turns this into an error for the call that asked.
    }
    return { ok: false };
  }

  private lost(connection: HostConnection, code: number | null): void {
    if (this.connection === connection) this.connection = null;
    // Whatever this host was still working on will never be answered.
    for (const [id, waiting] of this.pending) {
      if (waiting.connection !== connection) continue;
      this.pending.delete(id);
      waiting.resolve(unavailable());
    }
    if (!this.stopped.has(connection)) this.opts.onUnexpectedExit?.(code);
  }
}
