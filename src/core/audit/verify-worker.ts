/**
 * `audit verify` on two cores (issue 12: verify within 1.5x of merely reading the events). The
 * main thread reads the events, keeps the session bookkeeping and builds each event's canonical
 * bytes; a worker thread hashes them and checks the seals' Ed25519 signatures, which the main
 * thread helps with once its walk is done. The database is opened in exclusive mode, so the
 * worker cannot read it itself: events reach it through a few shared slots.
 *
 * verifyAuditChain stays synchronous for its callers: the main thread blocks (Atomics.wait) only
 * when every slot is full or at the end. Nothing depends on the worker for correctness: if it
 * cannot start, fails or stalls, the caller verifies again on one thread (WorkerLost).
 */
import { Worker } from 'node:worker_threads';
import { ed25519Spki, SEAL_LABEL, SealVerifier, type StoredSeal } from '../vault/audit-seals';
import { VERIFY_WORKER_SOURCE } from './verify-worker-source';

const SLOTS = 4;
/** seq f64 | length u32 | stored hash | previous hash (verify-worker-source.ts). */
const HEAD = 76;
/** Control words: per-slot state (0 free, 1 full), then these, then per-slot event counts. */
const C = { SLOTS, DONE: SLOTS, STATUS: SLOTS + 1, NEXT_SEAL: SLOTS + 2, BEAT: SLOTS + 3, COUNT: SLOTS + 4 };
/** Below this many events (or seals), starting a thread costs more than it saves. */
const AUTO_MIN_EVENTS = 20_000;
const AUTO_MIN_SEALS = 400;

export type VerifyParallelism = 'auto' | 'always' | 'never';

/**
 * How verify uses the second core. Tests set 'always' to run the two-thread path on small chains,
 * small slots to make them turn over, and a broken worker to see the fallback.
 */
export const verifyThreads: { mode: VerifyParallelism; source: string; slotBytes: number; stallMs: number } = {
  mode: 'auto',
  source: VERIFY_WORKER_SOURCE,
  /** Each slot holds thousands of events; a larger event is checked on the main thread. */
  slotBytes: 4 << 20,
  /** With no sign of life for this long, the worker is given up and the walk done again on one thread. */
  stallMs: 20_000,
};

/** The worker failed or stalled: the caller verifies again without it. */
export class WorkerLost extends Error {}

/** A seal and the public keys its signature may be under (every key ever certified to its signer). */
export interface SealJob {
  seal: StoredSeal;
  keys: Buffer[];
}

export interface WorkerOutcome {
  /** The lowest event number whose stored link does not match its recomputed hash. */
  firstBadLink: number | null;
  /** Per seal, in the order given: its signature holds under one of its keys. */
  sealValid: (i: number) => boolean;
}

/** Atomics.wait throws where blocking is not allowed (a browser-like main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export class VerifyWorker {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * (C.COUNT + SLOTS)));
  private readonly slotBytes = verifyThreads.slotBytes;
  private readonly slots = Array.from({ length: SLOTS }, () => new SharedArrayBuffer(this.slotBytes));
  private readonly views = this.slots.map((s) => Buffer.from(s));
  private readonly firstBad = new Float64Array(new SharedArrayBuffer(8)).fill(Infinity);
  private readonly valid: Uint8Array;
  private readonly worker: Worker;
  private slot = 0;
  private off = 0;
  private count = 0;

  /** A worker for this walk, or null when one thread is the better (or only) choice. */
  static start(events: number, jobs: SealJob[]): VerifyWorker | null {
    const mode = verifyThreads.mode;
    if (mode === 'never') return null;
    if (mode === 'auto' && events < AUTO_MIN_EVENTS && jobs.length < AUTO_MIN_SEALS) return null;
    if (jobs.some((j) => j.seal.raw === undefined) || !canBlock()) return null;
    try {
      return new VerifyWorker(jobs);
    } catch {
      return null;
    }
  }

  private constructor(private readonly jobs: SealJob[]) {
    this.valid = new Uint8Array(new SharedArrayBuffer(Math.max(1, jobs.length)));
    const keyIndex = new Map<string, number>();
    const keys: Uint8Array[] = [];
    const keyIdx = jobs.map((j) =>
      j.keys.map((k) => {
        const hex = k.toString('hex');
        let i = keyIndex.get(hex);
        if (i === undefined) {
          i = keys.length;
          keyIndex.set(hex, i);
          keys.push(ed25519Spki(k));
        }
        return i;
      }),
    );
    this.worker = new Worker(verifyThreads.source, {
      eval: true,
      workerData: {
        control: this.control,
        slots: this.slots,
        firstBad: this.firstBad,
        sealValid: this.valid,
        label: SEAL_LABEL,
        raws: jobs.map((j) => j.seal.raw),
        signatures: jobs.map((j) => j.seal.signature),
        keyIdx,
        keys,
        C,
      },
    });
    // An error surfaces as a stall or a failed status; the process must never wait on the thread.
    this.worker.on('error', () => undefined);
    this.worker.unref();
  }

  /**
   * Hands over one event of the SHA-256 chain: its number, its stored link, the link stored before
   * it and its canonical text. False: too large for a slot, the caller checks it itself.
   */
  ship(seq: number, storedHex: string, prevHex: string, canonical: string): boolean {
    const worst = HEAD + canonical.length * 3;
    if (worst > this.slotBytes) return false;
    if (this.off + worst > this.slotBytes) this.flush();
    const b = this.views[this.slot]!;
    const off = this.off;
    b.writeDoubleLE(seq, off);
    b.write(storedHex, off + 12, 32, 'hex');
    b.write(prevHex, off + 44, 32, 'hex');
    const n = b.write(canonical, off + HEAD, 'utf8');
    b.writeUInt32LE(n, off + 8);
    this.off += HEAD + n;
    this.count += 1;
    return true;
  }

  /**
   * The walk is over: the last slot goes out, this thread checks seals alongside the worker, and
   * waits for it. Throws WorkerLost if the worker failed or stalled.
   */
  finish(): WorkerOutcome {
    this.flush();
    Atomics.store(this.control, C.DONE, 1);
    Atomics.notify(this.control, this.slot);
    const verifier = new SealVerifier();
    for (let i = this.claim(); i < this.jobs.length; i = this.claim()) {
      const { seal, keys } = this.jobs[i]!;
      this.valid[i] = keys.some((k) => verifier.valid(seal, k)) ? 1 : 2;
    }
    this.waitWhile(C.STATUS, 0);
    if (Atomics.load(this.control, C.STATUS) !== 1) throw this.lost();
    void this.worker.terminate();
    const bad = this.firstBad[0]!;
    return { firstBadLink: Number.isFinite(bad) ? bad : null, sealValid: (i) => this.valid[i] === 1 };
  }

  /** The walk ended with an error that is not a finding: the worker's answer is not needed. */
  stop(): void {
    Atomics.store(this.control, C.DONE, 1);
    Atomics.store(this.control, C.NEXT_SEAL, this.jobs.length);
    void this.worker.terminate();
  }

  private claim(): number {
    return Atomics.add(this.control, C.NEXT_SEAL, 1);
  }

  private flush(): void {
    if (this.count === 0) return;
    Atomics.store(this.control, C.COUNT + this.slot, this.count);
    Atomics.store(this.control, this.slot, 1);
    Atomics.notify(this.control, this.slot);
    this.slot = (this.slot + 1) % SLOTS;
    this.off = 0;
    this.count = 0;
    this.waitWhile(this.slot, 1);
  }

  /** Blocks while control[index] holds `value`, giving up when the worker fails or shows no progress. */
  private waitWhile(index: number, value: number): void {
    let beat = -1;
    let since = Date.now();
    while (Atomics.load(this.control, index) === value) {
      if (Atomics.load(this.control, C.STATUS) === 2) throw this.lost();
      const now = Atomics.load(this.control, C.BEAT) + Atomics.load(this.control, C.NEXT_SEAL);
      if (now !== beat) {
        beat = now;
        since = Date.now();
      } else if (Date.now() - since > verifyThreads.stallMs) throw this.lost();
      Atomics.wait(this.control, index, value, 200);
    }
  }

  private lost(): WorkerLost {
    this.stop();
    return new WorkerLost('the verify worker failed or stalled');
  }
}
