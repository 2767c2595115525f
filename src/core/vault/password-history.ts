import argon2 from 'argon2';
import { desc, eq } from 'drizzle-orm';
import { ARGON2_FLOOR } from '../crypto/argon2id';
import { passwordHistory } from '../db/schema';
import { inputError } from '../errors';
import type { Orm } from './database';

/** Refuses a password equal to one of the user's last `count`; E_INPUT saying so. */
export async function assertNotReused(orm: Orm, userId: string, password: string, count: number): Promise<void> {
  if (count <= 0) return;
  const recent = orm
    .select()
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.id))
    .limit(count)
    .all();
  for (const row of recent) {
    if (await argon2.verify(row.hash, password.normalize('NFC'))) throw inputError('password.reused', { count });
  }
}

/** Argon2id at the floor: these hashes live inside the encrypted database and only guard reuse. */
export async function hashForHistory(password: string): Promise<string> {
  return argon2.hash(password.normalize('NFC'), {
    type: argon2.argon2id,
    memoryCost: ARGON2_FLOOR.m,
    timeCost: ARGON2_FLOOR.t,
    parallelism: ARGON2_FLOOR.p,
  });
}
