import argon2 from 'argon2';
import { performance } from 'node:perf_hooks';

/** Argon2id cost: m in KiB, t passes, p lanes. Stored beside each keyslot so it can change later. */
export interface Argon2Params {
  m: number;
  t: number;
  p: number;
}

/** SECURITY-MODEL.md floor: never below 64 MiB and 3 passes, whatever the machine. */
export const ARGON2_FLOOR: Argon2Params = { m: 64 * 1024, t: 3, p: 1 };
const ARGON2_MAX_MEMORY_KIB = 512 * 1024;

export async function argon2idRaw(password: string, salt: Uint8Array, params: Argon2Params): Promise<Buffer> {
  return argon2.hash(password, {
    type: argon2.argon2id,
    raw: true,
    salt: Buffer.from(salt),
    memoryCost: params.m,
    timeCost: params.t,
    parallelism: params.p,
    hashLength: 32,
  });
}

export function isAtLeastFloor(p: Argon2Params): boolean {
  return p.m >= ARGON2_FLOOR.m && p.t >= ARGON2_FLOOR.t && p.p >= 1;
}

async function timeOnce(params: Argon2Params): Promise<number> {
  const start = performance.now();
  await argon2idRaw('calibration', Buffer.alloc(16, 7), params);
  return performance.now() - start;
}

/**
 * Finds Argon2id costs that take about `targetMs` on this machine (0.5-1 s by default), growing
 * memory first (what hurts GPU guessing most) up to 512 MiB, then passes. Never below the floor.
 */
export async function calibrateArgon2(targetMs = 700): Promise<Argon2Params> {
  const params = { ...ARGON2_FLOOR };
  let ms = await timeOnce(params);
  if (ms < targetMs) {
    const mib = Math.min(ARGON2_MAX_MEMORY_KIB / 1024, Math.floor(((params.m / 1024) * targetMs) / ms));
    params.m = Math.max(ARGON2_FLOOR.m, mib * 1024);
    ms = await timeOnce(params);
  }
  if (ms < targetMs * 0.8) {
    params.t = Math.max(ARGON2_FLOOR.t, Math.floor((params.t * targetMs) / ms));
  }
  return params;
}
