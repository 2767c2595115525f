/**
 * The IPC fuzz target (issue 16 item 3: every IPC channel, random and boundary payloads through
 * the real validation layer). Its seeds are one mostly valid payload per channel and per caller
 * (signed out, a manager, an accountant), made from the channel's zod schema; its mutators make
 * a new valid or boundary payload, spoil one field, send the payload to another channel, change
 * who is signed in, or send what no contract allows (unknown channel names, hostile values).
 * A case is the v8 serialization of {channel, mode, payload}: structured clone, as a port carries
 * it, so undefined, BigInt, Map and Date arrive as the renderer could send them.
 */
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { CHANNELS, ipcContract, type Channel } from '../../src/shared/contract';
import type { CampaignTarget, Seed } from './campaign';
import type { IpcCase, IpcMode } from './ipc-targets';
import type { Mutator } from './mutators';
import { rng, type Rng } from './rng';
import { corruptOne, HOSTILE, payloadFor, type Schema } from './zod-payloads';

const MODES: IpcMode[] = ['out', 'manager', 'accountant'];
const schemaOf = (channel: Channel) => ipcContract[channel].input as unknown as Schema;
const encode = (c: IpcCase) => serialize(c);
const decode = (b: Buffer) => deserialize(b) as IpcCase;
const known = (c: unknown): c is Channel => typeof c === 'string' && (CHANNELS as string[]).includes(c);

/** A mutator on the decoded case; a case it cannot decode becomes a fresh one. */
const onCase =
  (change: (c: IpcCase, r: Rng) => IpcCase): Mutator =>
  (bytes, r) => {
    let c: IpcCase;
    try {
      c = decode(bytes);
    } catch {
      c = { channel: r.pick(CHANNELS), mode: r.pick(MODES), payload: {} };
    }
    return encode(change(c, r));
  };

const NOT_CHANNELS = [
  '',
  'vault',
  'vault:',
  ':status',
  'vault:status ',
  'VAULT:STATUS',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'records:add\u0000',
  'records:../add',
  'x'.repeat(10_000),
];

export const ipcMutators: Mutator[] = [
  onCase((c, r) => ({ ...c, payload: known(c.channel) ? payloadFor(schemaOf(c.channel), r, 'valid') : c.payload })),
  onCase((c, r) => ({ ...c, payload: known(c.channel) ? payloadFor(schemaOf(c.channel), r, 'boundary') : c.payload })),
  onCase((c, r) => ({ ...c, payload: known(c.channel) ? payloadFor(schemaOf(c.channel), r, 'boundary') : c.payload })),
  onCase((c, r) => ({ ...c, payload: corruptOne(c.payload, r) })),
  onCase((c, r) => ({ ...c, payload: corruptOne(c.payload, r) })),
  onCase((c, r) => ({ ...c, channel: r.pick(CHANNELS) })),
  onCase((c, r) => ({ ...c, mode: r.pick(MODES) })),
  onCase((c, r) => ({ ...c, payload: r.pick(HOSTILE)() })),
  onCase((c, r) => ({ ...c, channel: r.chance(0.5) ? r.pick(NOT_CHANNELS) : r.pick(HOSTILE)() })),
];

const CHECKS = path.join(import.meta.dirname, 'ipc-targets.ts');

/**
 * Seeds: every channel for every caller, so that short mode (500 cases) already sends each
 * channel's valid payload as each of them (258 seeds) before the mutated ones.
 * `auditEvery`: every n-th case also verifies the audit chain (as the manager).
 */
export function ipcTarget(auditEvery = 25, module = CHECKS, check = 'ipc'): CampaignTarget {
  const seeds: Seed[] = [];
  for (const mode of MODES)
    for (const [i, channel] of CHANNELS.entries()) {
      const payload = payloadFor(schemaOf(channel), rng(i + 1), 'valid');
      seeds.push({ name: `${channel} as ${mode}`, bytes: encode({ channel, mode, payload }), meta: {} });
    }
  return { name: 'ipc', module, check, seeds, mutators: ipcMutators, pipelineEvery: auditEvery };
}
