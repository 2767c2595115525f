/**
 * The second thread of backup export, read-back, verify and restore (chunk-pool.ts starts it).
 * Plain JavaScript source started with `eval: true`, like the audit verifier's
 * (src/core/audit/verify-worker-source.ts): it needs only Node's built-ins, so it runs the same
 * under Node, in the packaged app (no separate file inside an asar) and in the tests.
 *
 * It does the per-chunk work of docs/backup-format.md, the same as chunk-pool.ts's one-thread
 * path, byte for byte: seal a chunk (AES-256-GCM, nonce and AAD from its index and last flag) and
 * hash the record; open a record; or hash one. The input lies in memory shared
 * with the main thread, which keeps it untouched until the answer comes (so that the main thread
 * can do the job again itself if this thread dies); so does the output, written into a shared
 * buffer the main thread gives with the job.
 *
 * Messages in: { id, op: 'seal' | 'open' | 'hash', index, last, buffer, offset, length, out?,
 * outOffset?, outLength? } (buffers: SharedArrayBuffer) and { op: 'close' }. Out: { id, hash, tag?, opened? }.
 */
export const CHUNK_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { createCipheriv, createDecipheriv, createHash } = require('node:crypto');
const key = workerData.key ? Buffer.from(workerData.key) : null;
const prefix = Buffer.from(workerData.aadPrefix);
const TAG = 16;
const aadOf = (index, last) => {
  const aad = Buffer.alloc(prefix.length + 9);
  prefix.copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(index), prefix.length);
  aad[prefix.length + 8] = last ? 1 : 0;
  return aad;
};
const nonceOf = (index) => {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
};
// AES-GCM in pieces, each piece's output copied into the caller's buffer: Node gives each call's
// output in new memory, and a fresh MiB each time costs as much in page faults as the cipher.
const PIECE = 32 << 10;
const through = (cipher, input, out) => {
  for (let at = 0; at < input.length; at += PIECE) cipher.update(input.subarray(at, at + PIECE)).copy(out, at);
  cipher.final().copy(out, input.length); // GCM gives everything in update
};
parentPort.on('message', (m) => {
  if (m.op === 'close') {
    if (key) key.fill(0);
    parentPort.close();
    return;
  }
  const input = Buffer.from(m.buffer, m.offset, m.length);
  const out = m.out ? Buffer.from(m.out, m.outOffset, m.outLength) : null;
  if (m.op === 'hash') {
    parentPort.postMessage({ id: m.id, hash: createHash('sha256').update(input).digest() });
  } else if (m.op === 'seal') {
    const cipher = createCipheriv('aes-256-gcm', key, nonceOf(m.index));
    cipher.setAAD(aadOf(m.index, m.last));
    through(cipher, input, out);
    const tag = cipher.getAuthTag();
    const hash = createHash('sha256').update(out).update(tag).digest();
    parentPort.postMessage({ id: m.id, hash, tag });
  } else if (m.op === 'open') {
    let opened = false;
    if (input.length >= TAG) {
      const decipher = createDecipheriv('aes-256-gcm', key, nonceOf(m.index));
      decipher.setAAD(aadOf(m.index, m.last));
      decipher.setAuthTag(input.subarray(input.length - TAG));
      try {
        through(decipher, input.subarray(0, input.length - TAG), out);
        opened = true;
      } catch {
        opened = false;
      }
    }
    parentPort.postMessage({ id: m.id, opened });
  }
});
`;
