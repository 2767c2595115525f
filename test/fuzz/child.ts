/**
 * A fuzz campaign's child process (campaign.ts forks it with tsx). It loads a module of checks
 * (`fuzzTargets`, optional `fuzzCleanup`), then runs one case per message and answers with the
 * outcome and the time it took. It runs apart from the parent so that a case that hangs or kills
 * the process (an endless loop, an out-of-memory abort) is seen and stopped by the parent.
 */
import { describeError } from './property';

type Check = (bytes: Uint8Array, meta: Record<string, unknown>) => Promise<void>;
interface ChecksModule {
  fuzzTargets: Record<string, Check>;
  fuzzCleanup?: () => Promise<void>;
  /** Made before the first case (a vault), so its cost is not the first case's time. */
  fuzzWarmUp?: (target: string) => Promise<void>;
}

export type ToChild =
  | { type: 'init'; module: string; target: string; warmUp: boolean }
  | { type: 'case'; id: number; bytes: Uint8Array; meta: Record<string, unknown> }
  | { type: 'stop' };

export type FromChild =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: boolean; failure?: string; ms: number }
  | { type: 'fatal'; failure: string };

let mod: ChecksModule | undefined;
let check: Check | undefined;
const send = (m: FromChild) => process.send?.(m);

// An error no case awaited (a stray promise, a throw in a timer) is the current case's failure.
process.on('uncaughtException', (e) => {
  send({ type: 'fatal', failure: `uncaught ${describeError(e)}` });
  process.exit(70);
});
process.on('unhandledRejection', (e) => {
  send({ type: 'fatal', failure: `unhandled rejection ${describeError(e)}` });
  process.exit(70);
});

process.on('message', (m: ToChild) => {
  void (async () => {
    if (m.type === 'init') {
      mod = (await import(m.module)) as ChecksModule;
      check = mod.fuzzTargets[m.target];
      if (!check) throw new Error(`no fuzz target ${m.target} in ${m.module}`);
      if (m.warmUp) await mod.fuzzWarmUp?.(m.target);
      send({ type: 'ready' });
    } else if (m.type === 'case') {
      const started = performance.now();
      try {
        await check!(m.bytes, m.meta);
        send({ type: 'result', id: m.id, ok: true, ms: performance.now() - started });
      } catch (e) {
        send({ type: 'result', id: m.id, ok: false, failure: describeError(e), ms: performance.now() - started });
      }
    } else {
      await mod?.fuzzCleanup?.();
      process.disconnect();
    }
  })();
});
