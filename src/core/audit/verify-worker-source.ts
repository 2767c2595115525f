/**
 * The second thread of `audit verify` (verify-worker.ts starts it). Kept as plain JavaScript
 * source, started with `eval: true`: it needs only Node's built-ins, so it runs the same under
 * Node, in the packaged app (no separate file to find inside an asar) and in the test harness.
 *
 * It does two things while the main thread reads the database:
 * - hashes the events the main thread ships through shared slots and compares each with its
 *   stored link, keeping the lowest event number whose link fails;
 * - checks seal signatures, claiming them one at a time from a counter the main thread also
 *   claims from once its own walk is done.
 *
 * Slot record layout (little-endian): seq f64 | length u32 | stored hash 32 | previous hash 32 |
 * canonical event (length bytes). The previous hash and the event are adjacent, so the bytes a
 * link covers are hashed where they lie.
 */
export const VERIFY_WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const { hash, createPublicKey, verify } = require('node:crypto');
const { control, slots, firstBad, sealValid, label, raws, signatures, keyIdx, keys, C } = workerData;
try {
  const keyObjects = keys.map((der) => {
    try {
      return createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    } catch {
      return null;
    }
  });
  const labelBytes = Buffer.from(label);
  const checkSeal = (i) => {
    const sig = Buffer.from(signatures[i], 'base64');
    let ok = false;
    if (sig.length === 64) {
      const message = Buffer.concat([labelBytes, Buffer.from(raws[i], 'utf8')]);
      for (const k of keyIdx[i]) {
        const key = keyObjects[k];
        if (key && verify(null, message, key, sig)) {
          ok = true;
          break;
        }
      }
    }
    sealValid[i] = ok ? 1 : 2;
  };
  const views = slots.map((s) => Buffer.from(s));
  const hashSlot = (slot) => {
    const b = views[slot];
    const count = Atomics.load(control, C.COUNT + slot);
    let off = 0;
    for (let n = 0; n < count; n += 1) {
      const seq = b.readDoubleLE(off);
      const len = b.readUInt32LE(off + 8);
      const digest = hash('sha256', b.subarray(off + 44, off + 76 + len), 'buffer');
      if (seq < firstBad[0] && !digest.equals(b.subarray(off + 12, off + 44))) firstBad[0] = seq;
      off += 76 + len;
    }
  };
  let slot = 0;
  for (;;) {
    if (Atomics.load(control, slot) === 1) {
      hashSlot(slot);
      Atomics.store(control, slot, 0);
      Atomics.notify(control, slot);
      Atomics.add(control, C.BEAT, 1);
      slot = (slot + 1) % C.SLOTS;
      continue;
    }
    if (Atomics.load(control, C.DONE) === 1 && Atomics.load(control, slot) === 0) break;
    const i = Atomics.add(control, C.NEXT_SEAL, 1);
    if (i < raws.length) {
      checkSeal(i);
      continue;
    }
    Atomics.wait(control, slot, 0, 50);
  }
  for (let i = Atomics.add(control, C.NEXT_SEAL, 1); i < raws.length; i = Atomics.add(control, C.NEXT_SEAL, 1)) checkSeal(i);
  Atomics.store(control, C.STATUS, 1);
} catch {
  Atomics.store(control, C.STATUS, 2);
}
Atomics.notify(control, C.STATUS);
`;
