/**
 * The crash campaign's child (test/torture/campaign.ts): signs the manager or the accountant in
 * through the core, runs a random mix of the core's writes, locks, and again, until the parent
 * SIGKILLs it. Before each core call it prints a `begin` line, after the call returned a `done`
 * line with what the parent needs to find the write later (protocol.ts). stdout to a pipe is
 * synchronous on Linux, so a `done` line is in the pipe before the next call starts.
 *
 *   argv: state.json, seed, round; env: LEDGERVAULT_TORTURE_FAULT (a planted fault, for the
 *   self-test), LEDGERVAULT_TORTURE_JOURNAL (journal what is fsynced, for a simulated power loss:
 *   power-loss.ts). It loads, says `ready`, and starts when stdin brings the passwords in force (JSON).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { revokeClientGrant, setClientGrant } from '../../src/core/access/grants';
import { exportBackup } from '../../src/core/backup/backup-export';
import { commitImport } from '../../src/core/import/import-file';
import { unlockVault, type VaultSession } from '../../src/core/index';
import { addRecord, deleteRecord, updateRecord } from '../../src/core/records';
import { batchMoveRecords } from '../../src/core/records/batch';
import { changeOwnPassword } from '../../src/core/users/users';
import { passwordProblem } from '../../src/shared/users/rules';
import { seeded } from '../helpers/backup-vault';
import { FileKeyStore } from './file-keystore';
import { installFsyncJournal } from './power-loss';
import { ACCOUNTANT, MANAGER, type CampaignState, type Fault, type Line, type Op } from './protocol';

const [stateFile, seedText, roundText] = process.argv.slice(2) as [string, string, string];
const state = JSON.parse(readFileSync(stateFile, 'utf8')) as CampaignState;
const fault = process.env.LEDGERVAULT_TORTURE_FAULT as Fault | undefined;
// Only the deferred-commit fault changes what the child does; a dropped fsync is the shim's.
const deferred = fault === 'deferred-commit';
const journal = process.env.LEDGERVAULT_TORTURE_JOURNAL;
if (journal) installFsyncJournal(state.dir, journal, fault === 'dropped-fsync');
const round = Number(roundText);
const rng = seeded(Number(seedText));
const keyStore = new FileKeyStore(state.keychainFile);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
let serial = 0;
let passwordChanged = false;
const passwordChild = rng() < 0.125;
const marker = () => `tm-${round}-${(serial += 1)}`;

/** The parent's `go`: one line on stdin. */
function firstLine(): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    process.stdin.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) {
        process.stdin.pause();
        resolve(text.slice(0, text.indexOf('\n')));
      }
    });
  });
}

const say = (line: Line) => process.stdout.write(`${JSON.stringify(line)}\n`);

interface Row {
  id: number;
  version: number;
  clientId: number;
}

/** Up to `n` live records of `clientIds`, from a random place in the table. */
function someRecords(s: VaultSession, clientIds: number[], n: number): Row[] {
  const where = `deleted_at IS NULL AND client_id IN (${clientIds.join(',')})`;
  const total = (s.db.prepare(`SELECT count(*) AS n FROM payment_records WHERE ${where}`).get() as { n: number }).n;
  if (total === 0) return [];
  return s.db
    .prepare(
      `SELECT id, version, client_id AS clientId FROM payment_records WHERE ${where} ORDER BY id LIMIT ? OFFSET ?`,
    )
    .all(n, Math.floor(rng() * total)) as Row[];
}

/** A small Alipay export (the layout of test/fixtures/import/pipeline) with references no other file has. */
function alipayCsv(rows: number): Uint8Array {
  const lines = [
    '------------------------------------------------------------------------------------',
    '导出信息：',
    '姓名：测试',
    '起始时间：[2024-04-01 00:00:00]    终止时间：[2024-04-30 23:59:59]',
    '------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------',
    '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,',
  ];
  for (let i = 0; i < rows; i += 1) {
    const ref = `2024${String(round).padStart(7, '0')}${String((serial += 1)).padStart(11, '0')}`;
    const day = String(1 + (serial % 28)).padStart(2, '0');
    const cents = 100 + Math.floor(rng() * 100_000);
    const inOut = rng() < 0.5 ? '支出' : '收入';
    lines.push(
      `2024-04-${day} 10:00:00,日用百货,对方${serial},,导入${ref},${inOut},${(cents / 100).toFixed(2)},余额,交易成功,${ref},,,`,
    );
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

function newPassword(user: string): string {
  for (;;) {
    const p = `Torture-${Math.floor(rng() * 36 ** 6).toString(36)}-Pw9`;
    if (!passwordProblem(p, user)) return p;
  }
}

/** Runs one op: `begin`, the core call, `done` with what it returned. */
async function run(op: Op, call: () => Promise<Partial<Op>> | Partial<Op>): Promise<void> {
  say({ t: 'begin', op });
  try {
    const result = await call();
    say({ t: 'done', op: { ...op, ...result } as Op });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    say({ t: 'error', op, code: e.code ?? 'no code', message: String(e.message) });
  }
}

const grantedNow = (s: VaultSession) =>
  s.db
    .prepare(`SELECT 1 FROM client_grants g JOIN users u ON u.id = g.user_id WHERE u.username = ? AND g.client_id = ?`)
    .get(ACCOUNTANT, state.toggledClient) !== undefined;

async function oneOp(s: VaultSession, user: string): Promise<void> {
  const own = user === ACCOUNTANT ? state.clients.filter((c) => c !== state.toggledClient) : state.clients;
  // Weights: a password change costs several Argon2id runs, so it is rare, or kills would land
  // in little else; a backup is slow too, and kills land in it often enough at one in fifteen.
  const kinds: Record<string, number> = deferred
    ? { add: 2, update: 1, delete: 1 }
    : user === ACCOUNTANT
      ? { add: 6, update: 4, delete: 2, move: 3, import: 4, password: 1 }
      : { add: 4, update: 3, delete: 2, move: 2, backup: 1, grant: 2, seal: 2, password: 1 };
  let kind = pick(Object.entries(kinds).flatMap(([k, n]) => Array<string>(n).fill(k)));
  // One change in about every eighth child: each takes seconds of Argon2id, where kills would pile up.
  if (kind === 'password' && (passwordChanged || !passwordChild)) kind = 'add';
  if (kind === 'password') passwordChanged = true;
  const one = someRecords(s, own, 1)[0];
  switch (kind) {
    case 'add': {
      const op = { op: 'add', user, clientId: pick(own), marker: marker() } as const;
      return run(op, () => {
        const r = addRecord(s, {
          clientId: op.clientId,
          occurredAt: '2024-05-01',
          direction: 'out',
          amount: `${1 + Math.floor(rng() * 9999)}.00`,
          counterparty: op.marker,
          memo: op.marker,
        });
        return { id: r.id };
      });
    }
    case 'update': {
      if (!one) return;
      const op = { op: 'update', user, id: one.id, marker: marker() } as const;
      return run(op, () => {
        updateRecord(s, one.id, one.version, { memo: op.marker });
        return {};
      });
    }
    case 'delete':
      if (!one) return;
      return run({ op: 'delete', user, id: one.id }, () => {
        deleteRecord(s, one.id, one.version, 'torture: deleted at random');
        return {};
      });
    case 'move': {
      const from = pick(own);
      const to = pick(own.filter((c) => c !== from));
      const rows = someRecords(s, [from], 1 + Math.floor(rng() * 4));
      if (!rows.length) return;
      return run({ op: 'move', user, ids: rows.map((r) => r.id), toClientId: to }, () => {
        batchMoveRecords(s, { items: rows.map((r) => ({ id: r.id, version: r.version })), toClientId: to });
        return {};
      });
    }
    case 'import': {
      const op = { op: 'import', user, clientId: pick(own), rows: 3 + Math.floor(rng() * 20) } as const;
      return run(op, async () => {
        const r = await commitImport(s, { clientId: op.clientId, bytes: alipayCsv(op.rows), fileName: 'torture.csv' });
        return { batchId: r.batchId, ids: r.ids };
      });
    }
    case 'backup': {
      const folder = path.join(state.backupRoot, `r${round}`);
      mkdirSync(folder, { recursive: true });
      return run({ op: 'backup', user, folder }, async () => {
        const made = await exportBackup(s, folder, { appVersion: '0.1.0' });
        return { file: made.file, pruned: made.pruned };
      });
    }
    case 'grant': {
      const op = { op: grantedNow(s) ? 'revoke' : 'grant', user, clientId: state.toggledClient } as const;
      return run(op, () => {
        if (op.op === 'grant') setClientGrant(s, { username: ACCOUNTANT, clientId: op.clientId, canWrite: true });
        else revokeClientGrant(s, { username: ACCOUNTANT, clientId: op.clientId });
        return {};
      });
    }
    case 'seal':
      return run({ op: 'seal', user }, () => ({ sealId: s.sealAudit('daily')?.id }));
    case 'password': {
      const next = newPassword(user);
      return run({ op: 'password', user, next }, async () => {
        await changeOwnPassword(s, passwords.get(user)!, next);
        passwords.set(user, next);
        return {};
      });
    }
  }
}

say({ t: 'ready' });
const passwords = new Map(Object.entries(JSON.parse(await firstLine()) as Record<string, string>));
for (;;) {
  const user = deferred ? ACCOUNTANT : rng() < 0.6 ? ACCOUNTANT : MANAGER;
  const s = await unlockVault({ dir: state.dir, username: user, password: passwords.get(user)!, keyStore });
  say({ t: 'session', user, sessionId: s.sessionId });
  // The planted fault: every write of the session inside one transaction that never commits, each
  // reported as done when its own call returns (as a core that acknowledged before its commit would).
  if (deferred) s.db.exec('BEGIN IMMEDIATE');
  // Sessions long enough that most kills land inside the core's writes, not in a sign-in or lock.
  const ops = deferred ? Infinity : 5 + Math.floor(rng() * 30);
  for (let i = 0; i < ops; i += 1) await oneOp(s, user);
  say({ t: 'locking', sessionId: s.sessionId });
  s.lock();
  await s.anchorsWritten();
  say({ t: 'locked', sessionId: s.sessionId });
}
