/**
 * The per-chunk work of a backup on both cores (issue 13, bench goals): sealing a chunk
 * (AES-256-GCM) and hashing its record (SHA-256) on export, hashing records on the read-back and
 * on a verify without a secret, opening them on a verify with a secret and a restore.
 * That work is most of a backup's CPU time; the main thread meanwhile reads, hashes each entry's
 * plaintext (one stream, so one thread), and writes. Jobs go to a worker thread
 * (chunk-worker-source.ts) while it has few queued, otherwise the main thread does them itself,
 * so both cores stay busy and neither waits for the other. Callers keep a few jobs in flight and
 * take the answers in order.
 *
 * Nothing depends on the worker for correctness: both paths compute the same bytes (tests
 * compare them), a job's input stays in shared memory untouched until its answer arrives, and if
 * the worker cannot start, fails, exits or stalls, every job it held is done again here.
 */
import { createCipheriv, createDecipheriv, createHash, type Cipher, type Decipher } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { chunkAad, chunkNonce, TAG_BYTES } from './backup-format';
import { CHUNK_WORKER_SOURCE } from './chunk-worker-source';

export type ChunkThreads = 'auto' | 'always' | 'never';

/**
 * How backups use the second core. Tests set 'always' to run the worker on small backups and a
 * broken source to see the fallback; 'never' is the one-thread path.
 */
export const chunkThreads: { mode: ChunkThreads; source: string; minBytes: number; stallMs: number } = {
  mode: 'auto',
  source: CHUNK_WORKER_SOURCE,
  /** Below this many bytes, starting a thread (tens of ms) costs more than it saves. */
  minBytes: 16 << 20,
  /** A job unanswered this long: the worker is given up and its jobs done here. */
  stallMs: 20_000,
};

export interface Sealed {
  /** The tag; the ciphertext is in the buffer given, as long as the plaintext. */
  tag: Buffer;
  /** SHA-256 of the record (ciphertext and tag), as listed in the manifest. */
  hash: Buffer;
}

export interface Opened {
  /** Whether the record opened (its plaintext then fills the buffer given); false: changed, moved, cut after it. */
  opened: boolean;
}

type Op = 'seal' | 'open' | 'hash';
interface Job {
  op: Op;
  index: number;
  last: boolean;
  input: Buffer;
  out: Buffer | null;
  sentAt: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Memory both threads can see: a job's input must lie in it to be sent without a copy. */
export function sharedBuffer(bytes: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(bytes));
}

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export class ChunkPool {
  private worker: Worker | null = null;
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Jobs the worker did, and jobs this thread did (tests and the bench read them). */
  readonly done = { worker: 0, here: 0, workerLost: false };

  /**
   * `key` is the payload key (null: hashing only); `headerHash` binds every chunk to its file.
   * `bytes` is about how much will pass through, to decide whether a thread is worth starting.
   */
  constructor(
    private readonly key: Buffer | null,
    private readonly headerHash: Buffer,
    bytes: number,
    /**
     * Jobs that may wait at the worker before this thread does the next one itself: few when this
     * thread has nothing else to do (hashing only), more when it has its own share (the files'
     * hashes, reading and writing) and would otherwise fall behind.
     */
    private readonly workerQueue = 2,
  ) {
    const mode = chunkThreads.mode;
    if (mode === 'never' || (mode === 'auto' && bytes < chunkThreads.minBytes)) return;
    try {
      const aadPrefix = chunkAad(headerHash, 0, false).subarray(0, -9);
      this.worker = new Worker(chunkThreads.source, {
        eval: true,
        workerData: { key: key ? new Uint8Array(key) : null, aadPrefix: new Uint8Array(aadPrefix) },
      });
    } catch {
      this.worker = null;
      return;
    }
    this.worker.on('message', (m: { id: number; hash?: Uint8Array; tag?: Uint8Array; opened?: boolean }) =>
      this.answered(m),
    );
    this.worker.on('error', () => this.lose());
    this.worker.on('exit', () => this.lose());
    this.worker.unref();
    this.timer = setInterval(
      () => {
        const now = Date.now();
        for (const job of this.jobs.values()) if (now - job.sentAt > chunkThreads.stallMs) return this.lose();
      },
      Math.min(1000, chunkThreads.stallMs),
    );
    this.timer.unref();
  }

  /** Whether a worker thread is helping (false: one thread, or the worker was lost). */
  get threaded(): boolean {
    return this.worker !== null;
  }

  /**
   * Seals `plain` as chunk `index`, the ciphertext into `out` (as long as `plain`). Both stay the
   * caller's, untouched by it, until this settles.
   */
  seal(index: number, last: boolean, plain: Buffer, out: Buffer): Promise<Sealed> {
    return this.run('seal', index, last, plain, out) as Promise<Sealed>;
  }

  /** Opens `record` as chunk `index`, the plaintext into `out` (16 bytes shorter than `record`). */
  open(index: number, last: boolean, record: Buffer, out: Buffer): Promise<Opened> {
    return this.run('open', index, last, record, out) as Promise<Opened>;
  }

  /** SHA-256 of `record`. */
  hashRecord(record: Buffer): Promise<Buffer> {
    return this.run('hash', 0, false, record, null) as Promise<Buffer>;
  }

  /** Ends the worker (its copy of the key is wiped); jobs still held are done here first. */
  close(): void {
    const worker = this.worker;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!worker) return;
    this.worker = null;
    worker.removeAllListeners('exit');
    worker.removeAllListeners('message');
    worker.postMessage({ op: 'close' });
    this.redoHere();
  }

  private run(op: Op, index: number, last: boolean, input: Buffer, out: Buffer | null): Promise<unknown> {
    const worker = this.worker;
    const shared = (b: Buffer | null) => b === null || b.buffer instanceof SharedArrayBuffer;
    if (!worker || this.jobs.size >= this.workerQueue || !shared(input) || !shared(out)) {
      try {
        return Promise.resolve(this.here(op, index, last, input, out));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { op, index, last, input, out, sentAt: Date.now(), resolve, reject });
      // Held open while it owes an answer (an unanswered job must keep the process alive), not longer.
      if (this.jobs.size === 1) worker.ref();
      worker.postMessage({
        id,
        op,
        index,
        last,
        buffer: input.buffer,
        offset: input.byteOffset,
        length: input.length,
        out: out?.buffer,
        outOffset: out?.byteOffset,
        outLength: op === 'open' ? Math.max(0, input.length - TAG_BYTES) : input.length,
      });
    });
  }

  private answered(m: { id: number; hash?: Uint8Array; tag?: Uint8Array; opened?: boolean }): void {
    const job = this.jobs.get(m.id);
    if (!job) return;
    this.jobs.delete(m.id);
    if (this.jobs.size === 0) this.worker?.unref();
    this.done.worker += 1;
    if (job.op === 'hash') job.resolve(asBuffer(m.hash!));
    else if (job.op === 'seal') job.resolve({ tag: asBuffer(m.tag!), hash: asBuffer(m.hash!) });
    else job.resolve({ opened: m.opened === true });
  }

  /** The worker failed, exited or stalled: everything it held is done on this thread. */
  private lose(): void {
    if (!this.worker) return;
    const worker = this.worker;
    this.worker = null;
    this.done.workerLost = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    worker.removeAllListeners('message');
    void worker.terminate().catch(() => undefined);
    this.redoHere();
  }

  private redoHere(): void {
    const held = [...this.jobs.values()];
    this.jobs.clear();
    for (const job of held) {
      try {
        job.resolve(this.here(job.op, job.index, job.last, job.input, job.out));
      } catch (err) {
        job.reject(err);
      }
    }
  }

  /** The one-thread path: what the worker source does, on this thread. */
  private here(op: Op, index: number, last: boolean, input: Buffer, out: Buffer | null): Buffer | Sealed | Opened {
    this.done.here += 1;
    if (op === 'hash') return createHash('sha256').update(input).digest();
    if (op === 'seal') {
      const cipher = createCipheriv('aes-256-gcm', this.key!, chunkNonce(index));
      cipher.setAAD(chunkAad(this.headerHash, index, last));
      through(cipher, input, out!);
      const tag = cipher.getAuthTag();
      return { tag, hash: createHash('sha256').update(out!.subarray(0, input.length)).update(tag).digest() };
    }
    if (input.length < TAG_BYTES) return { opened: false };
    const decipher = createDecipheriv('aes-256-gcm', this.key!, chunkNonce(index));
    decipher.setAAD(chunkAad(this.headerHash, index, last));
    decipher.setAuthTag(input.subarray(input.length - TAG_BYTES));
    try {
      through(decipher, input.subarray(0, input.length - TAG_BYTES), out!);
      return { opened: true };
    } catch {
      return { opened: false };
    }
  }
}

/**
 * AES-GCM in pieces, each piece's output copied into `out`: Node gives each call's output in new
 * memory, and a fresh MiB each time costs as much in page faults as the cipher itself.
 */
const PIECE = 32 << 10;
function through(cipher: Cipher | Decipher, input: Buffer, out: Buffer): void {
  for (let at = 0; at < input.length; at += PIECE) cipher.update(input.subarray(at, at + PIECE)).copy(out, at);
  cipher.final().copy(out, input.length); // GCM gives everything in update
}
