/** Building blocks the feature contracts share: bounded strings, ids and the output marker. */
import { z } from 'zod';

export const empty = z.strictObject({});
/** Bounded so that a hostile renderer cannot make the core hash a megabyte-long "password". */
export const password = z.string().min(1).max(1024);
export const username = z.string().trim().min(1).max(64);
export const DISPLAY_NAME_MAX = 64;
export const displayName = z.string().trim().max(DISPLAY_NAME_MAX);
/** Trimmed text with a length limit. */
export const text = (max: number) => z.string().trim().max(max);
/** A database id: a positive safe integer (never 1e+23). */
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Marks an output type without a runtime value. */
export const out = <T>() => null as unknown as T;
