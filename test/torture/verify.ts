/**
 * After every kill: the vault opens, every write the child reported done is there (and the one
 * in flight happened whole or not at all), nothing else appeared, audit verify passes with the
 * killed session reported as cut short (not as an edit), and doctor passes. Then the model
 * adopts what the in-flight op left, and the campaign goes on with the same vault.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { verifyBackupFile } from '../../src/core/backup/backup-verify';
import { doctorVault, unlockVault, type VaultSession } from '../../src/core/index';
import { openRecordText } from '../../src/core/records';
import { paymentRecords } from '../../src/core/db/schema';
import { FileKeyStore } from './file-keystore';
import { apply, entitiesOf, type Model } from './model';
import { ACCOUNTANT, MANAGER, isWrite, type CampaignState, type Line, type Op } from './protocol';

export interface RoundResult {
  confirmed: number;
  found: number;
  lost: number;
  failures: string[];
  /** The vault no longer opens for the manager: the campaign cannot go on. */
  fatal: boolean;
}

interface Actual {
  clientId: number;
  deleted: boolean;
  memo: string | null;
  batchId: number | null;
}

/**
 * Plaintext read once per record version (decrypting every row after every kill would not scale),
 * per vault folder: campaigns in one process (the suite runs four) each have a vault whose ids
 * start at 1, and a cache shared between them once answered one vault's record with another's.
 */
const memoCaches = new Map<string, Map<number, { version: number; memo: string | null }>>();

export async function verifyRound(state: CampaignState, model: Model, lines: Line[]): Promise<RoundResult> {
  const failures: string[] = [];
  const done: Op[] = [];
  let inFlight: Op | null = null;
  let openSession: string | null = null;
  let closing = false;
  for (const l of lines) {
    if (l.t === 'begin') inFlight = l.op;
    if (l.t === 'done') {
      inFlight = null;
      done.push(l.op);
      apply(model, l.op);
    }
    if (l.t === 'error') {
      inFlight = null;
      failures.push(`the core refused ${JSON.stringify(l.op)}: ${l.code} ${l.message}`);
    }
    if (l.t === 'session') [openSession, closing] = [l.sessionId, false];
    if (l.t === 'locking') closing = true;
    if (l.t === 'locked') openSession = null;
  }
  const keyStore = new FileKeyStore(state.keychainFile);
  const bad = new Set<string>();
  const fail = (entity: string, why: string) => {
    bad.add(entity);
    failures.push(why);
  };

  // Passwords first: a change in flight leaves exactly one of the two in force.
  const changed = new Set(done.filter((o) => o.op === 'password').map((o) => o.user));
  if (inFlight?.op === 'password') changed.add(inFlight.user);
  for (const user of changed) {
    const tries = [model.passwords.get(user)!];
    if (inFlight?.op === 'password' && inFlight.user === user) tries.push(inFlight.next);
    let opened = false;
    for (const password of tries) {
      try {
        const s = await unlockVault({ dir: state.dir, username: user, password, keyStore });
        s.lock();
        await s.anchorsWritten();
        model.passwords.set(user, password);
        opened = true;
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== 'E_AUTH') throw err;
      }
    }
    if (!opened) fail(`password:${user}`, `${user} signs in with neither the reported password nor the one in flight`);
  }

  const signIn = { dir: state.dir, username: MANAGER, password: model.passwords.get(MANAGER)!, keyStore };
  let s: VaultSession;
  let fatal = false;
  try {
    s = await unlockVault(signIn);
  } catch (err) {
    // Still count what is missing, through the door doctor uses for a vault that will not open.
    failures.push(`the vault does not open: ${String(err)}`);
    fatal = true;
    try {
      s = await unlockVault({ ...signIn, mode: 'inspect' });
    } catch (again) {
      // Not even for inspection (a keys file a power loss left empty): nothing the child wrote can be read.
      failures.push(`the vault does not open for inspection either: ${String(again)}`);
      const writes = done.filter(isWrite).length;
      return { confirmed: writes, found: 0, lost: writes, failures, fatal };
    }
  }
  try {
    const actual = readRecords(s, state.dir, inFlight);
    checkRecords(model, actual, inFlight, fail);
    checkBatches(s, model, actual, inFlight, fail);
    checkGrantAndSeals(s, state, model, inFlight, fail);
    await checkBackups(model, inFlight, fail);
    const audit = verifyAudit(s);
    if (!audit.ok) failures.push(`audit verify: ${audit.kind} at event ${audit.firstBadSeq}: ${audit.reason ?? ''}`);
    // The killed session's span: found and sealed by this sign-in, reported as cut short.
    const cut = new Set((audit.crashLeft ?? []).map((c) => c.sessionId));
    if (openSession && !closing && !cut.has(openSession))
      failures.push(`audit verify does not report the killed session ${openSession} as cut short`);
  } finally {
    s.lock();
    await s.anchorsWritten();
  }
  const writes = done.filter(isWrite);
  const lost = writes.filter((op) => entitiesOf(op).some((e) => bad.has(e))).length;
  if (fatal) return { confirmed: writes.length, found: writes.length - lost, lost, failures, fatal };
  const doctor = await doctorVault({
    dir: state.dir,
    username: MANAGER,
    password: model.passwords.get(MANAGER)!,
    keyStore,
  });
  for (const c of doctor.checks.filter((c) => !c.ok)) failures.push(`doctor ${c.id}: ${c.detail}`);
  return { confirmed: writes.length, found: writes.length - lost, lost, failures, fatal: false };
}

function readRecords(s: VaultSession, dir: string, inFlight: Op | null): Map<number, Actual> {
  const out = new Map<number, Actual>();
  let memoCache = memoCaches.get(dir);
  if (!memoCache) memoCaches.set(dir, (memoCache = new Map()));
  // A key rotation in flight re-seals the toggled client's rows: read them all again.
  const rotated = inFlight?.op === 'grant' || inFlight?.op === 'revoke' ? inFlight.clientId : null;
  for (const row of s.orm.select().from(paymentRecords).all()) {
    let memo: string | null = null;
    if (!row.deletedAt) {
      const cached = memoCache.get(row.id);
      if (cached && cached.version === row.version && row.clientId !== rotated) memo = cached.memo;
      else {
        memo = openRecordText(s, row).memo;
        memoCache.set(row.id, { version: row.version, memo });
      }
    }
    out.set(row.id, { clientId: row.clientId, deleted: row.deletedAt !== null, memo, batchId: row.importBatchId });
  }
  return out;
}

type Fail = (entity: string, why: string) => void;

function checkRecords(model: Model, actual: Map<number, Actual>, inFlight: Op | null, fail: Fail): void {
  const touched = new Set<number>(
    inFlight?.op === 'update' || inFlight?.op === 'delete'
      ? [inFlight.id]
      : inFlight?.op === 'move'
        ? inFlight.ids
        : [],
  );
  if (inFlight?.op === 'move') {
    const moved = inFlight.ids.filter((id) => actual.get(id)?.clientId === inFlight.toClientId).length;
    if (moved !== 0 && moved !== inFlight.ids.length)
      fail(`record:${inFlight.ids[0]}`, `a batch move in flight moved ${moved} of ${inFlight.ids.length} records`);
  }
  for (const [id, want] of model.records) {
    const got = actual.get(id);
    if (!got) {
      fail(`record:${id}`, `record ${id} is gone`);
      continue;
    }
    const same =
      got.clientId === want.clientId &&
      got.deleted === want.deleted &&
      (want.deleted || want.memo === null || got.memo === want.memo);
    if (!same) {
      const after =
        touched.has(id) &&
        ((inFlight?.op === 'update' &&
          !got.deleted &&
          got.memo === inFlight.marker &&
          got.clientId === want.clientId) ||
          (inFlight?.op === 'delete' && got.deleted && got.clientId === want.clientId) ||
          (inFlight?.op === 'move' && got.clientId === inFlight.toClientId && got.deleted === want.deleted));
      if (!after) {
        fail(`record:${id}`, `record ${id}: expected ${JSON.stringify(want)}, found ${JSON.stringify(got)}`);
        continue;
      }
    }
    // The vault decides the op in flight; an imported record's text is learnt here.
    model.records.set(id, { clientId: got.clientId, deleted: got.deleted, memo: got.deleted ? want.memo : got.memo });
  }
  const unknown = [...actual].filter(([id]) => !model.records.has(id));
  if (!unknown.length) return;
  if (
    inFlight?.op === 'add' &&
    unknown.length === 1 &&
    unknown[0]![1].memo === inFlight.marker &&
    unknown[0]![1].clientId === inFlight.clientId
  ) {
    const [id, got] = unknown[0]!;
    model.records.set(id, { clientId: got.clientId, deleted: false, memo: got.memo });
    return;
  }
  if (inFlight?.op === 'import') {
    const batches = new Set(unknown.map(([, r]) => r.batchId));
    const batchId = unknown[0]![1].batchId;
    if (batches.size === 1 && batchId !== null && !model.batches.has(batchId)) {
      for (const [id, got] of unknown)
        model.records.set(id, { clientId: got.clientId, deleted: false, memo: got.memo });
      return; // checkBatches holds the count against the batch row.
    }
  }
  fail(
    'unexpected',
    `records no reported write made: ${unknown.map(([id, r]) => `${id} ${JSON.stringify(r)}`).join('; ')}`,
  );
}

function checkBatches(
  s: VaultSession,
  model: Model,
  actual: Map<number, Actual>,
  inFlight: Op | null,
  fail: Fail,
): void {
  const rows = s.db.prepare('SELECT id, client_id AS clientId, imported FROM import_batches').all() as {
    id: number;
    clientId: number;
    imported: number;
  }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [id, clientId] of model.batches) {
    if (byId.get(id)?.clientId !== clientId) fail(`batch:${id}`, `import batch ${id} is gone`);
  }
  for (const r of rows.filter((r) => !model.batches.has(r.id))) {
    const records = [...actual.values()].filter((a) => a.batchId === r.id).length;
    if (
      inFlight?.op === 'import' &&
      r.clientId === inFlight.clientId &&
      records === r.imported &&
      r.imported === inFlight.rows
    )
      model.batches.set(r.id, r.clientId);
    else fail('unexpected', `import batch ${r.id} (${records} records of ${r.imported}) that no reported write made`);
  }
}

function checkGrantAndSeals(
  s: VaultSession,
  state: CampaignState,
  model: Model,
  inFlight: Op | null,
  fail: Fail,
): void {
  const granted =
    s.db
      .prepare(
        'SELECT 1 FROM client_grants g JOIN users u ON u.id = g.user_id WHERE u.username = ? AND g.client_id = ?',
      )
      .get(ACCOUNTANT, state.toggledClient) !== undefined;
  if (granted !== model.granted && inFlight?.op !== 'grant' && inFlight?.op !== 'revoke')
    fail(
      'grant',
      `the accountant's grant is ${granted ? 'there' : 'gone'}, reported ${model.granted ? 'granted' : 'revoked'}`,
    );
  model.granted = granted;
  const ids = new Set(s.db.prepare('SELECT id FROM audit_seals').pluck().all() as number[]);
  for (const id of model.seals) if (!ids.has(id)) fail(`seal:${id}`, `audit seal ${id} is gone`);
}

async function checkBackups(model: Model, inFlight: Op | null, fail: Fail): Promise<void> {
  const folder = inFlight?.op === 'backup' ? inFlight.folder : null;
  const newer = folder && existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.lvbak')) : [];
  for (const [file, verified] of model.backups) {
    if (!existsSync(file)) {
      // An export killed after it verified its file may have pruned an older one of the same day
      // (the retention policy); its own file, with the final name, is verified below.
      const pruned = path.dirname(file) === folder && newer.some((n) => !model.backups.has(path.join(folder, n)));
      if (!pruned) fail(`backup:${file}`, `backup ${file} is gone`);
      model.backups.delete(file);
    } else if (!verified) {
      await verifyBackupFile(file).then(
        () => model.backups.set(file, true),
        (err: unknown) => {
          fail(`backup:${file}`, `backup ${file} does not verify: ${String(err)}`);
          model.backups.delete(file);
        },
      );
    }
  }
  // A backup in flight may have reached its final name (then it must verify) or not.
  if (inFlight?.op !== 'backup' || !existsSync(inFlight.folder)) return;
  for (const name of readdirSync(inFlight.folder).filter((n) => n.endsWith('.lvbak'))) {
    const file = path.join(inFlight.folder, name);
    if (model.backups.has(file)) continue;
    await verifyBackupFile(file).then(
      () => model.backups.set(file, true),
      (err: unknown) =>
        fail(
          `backup:${file}`,
          `${file}, left by a killed export, has a backup's name but does not verify: ${String(err)}`,
        ),
    );
  }
}
