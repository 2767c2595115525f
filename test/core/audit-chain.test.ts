import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAuditHead } from '../../src/core/vault/audit-chain';
import { verifyAuditChain } from '../../src/core/audit/audit-verify';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import { doctorVault } from '../../src/core/index';
import { ADMIN, ADMIN_PASSWORD, createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { writeRecords } from '../helpers/records';

let vault: TestVault;
afterEach(async () => {
  await vault?.cleanup();
});

async function vaultWithEvents(records: number) {
  vault = await createTestVault();
  const session = await vault.unlock();
  writeRecords(
    session,
    '审计客户',
    Array.from({ length: records }, (_, i) => ({ counterparty: `对方${i}`, memo: 'm', amountMinor: i })),
  );
  return session;
}

describe('audit chain', () => {
  it('every write and its event share a transaction: a throw after the change leaves neither', async () => {
    const session = await vaultWithEvents(3);
    const before = readAuditHead(session.db);
    const countRecords = () =>
      (session.db.prepare('SELECT count(*) AS n FROM payment_records').get() as { n: number }).n;
    const recordsBefore = countRecords();
    expect(() =>
      session.write((ctx) => {
        ctx.db.prepare('UPDATE payment_records SET memo = ? WHERE id = 1').run('changed');
        ctx.audit({ action: 'record.update', targetType: 'record', targetId: '1' });
        throw new Error('disk full, say');
      }),
    ).toThrow('disk full');
    expect(readAuditHead(session.db)).toEqual(before);
    expect(countRecords()).toBe(recordsBefore);
    expect(session.db.prepare('SELECT memo FROM payment_records WHERE id = 1').get()).toEqual({ memo: 'm' });
    session.lock();
  });

  it('the keys file mirrors the chain head after every commit', async () => {
    const session = await vaultWithEvents(2);
    expect(readKeysFile(vaultPaths(vault.dir)).auditHead).toEqual(readAuditHead(session.db));
    session.lock();
  });

  it('detects an edited event, a deleted one and a cut-off end', async () => {
    const session = await vaultWithEvents(20);
    const head = readAuditHead(session.db);
    const verify = () => verifyAuditChain(session.db, session.auditKey, head);
    expect(verify()).toMatchObject({ ok: true, checked: head.seq });

    session.db.prepare(`UPDATE audit_events SET details = '{"rows":999}' WHERE seq = 9`).run();
    expect(verify()).toMatchObject({ ok: false, firstBadSeq: 9, kind: 'edited' });
    session.db.prepare(`DELETE FROM audit_events WHERE seq = 9`).run();
    expect(verify()).toMatchObject({ ok: false, firstBadSeq: 9, kind: 'deleted' });
    session.db.prepare(`DELETE FROM audit_events WHERE seq >= 9`).run();
    expect(verify()).toMatchObject({ ok: false, firstBadSeq: 9, kind: 'truncated' });
    session.lock();
  });

  it('an older copy of vault.db put back in place is refused at unlock and reported by doctor', async () => {
    const session = await vaultWithEvents(2);
    session.lock();
    const paths = vaultPaths(vault.dir);
    const saved = path.join(path.dirname(vault.dir), 'old.db');
    expect(existsSync(`${paths.db}-wal`)).toBe(false); // a clean close leaves one file
    copyFileSync(paths.db, saved);

    const later = await vault.unlock();
    writeRecords(later, '后来的客户', [{ counterparty: 'x', memo: 'y', amountMinor: 5 }]);
    later.lock();

    copyFileSync(saved, paths.db);
    rmSync(`${paths.db}-wal`, { force: true });
    const err = await expectCode(vault.unlock(), 'E_INTEGRITY');
    expect(err.message).toMatch(/older copy/);
    const report = await doctorVault({
      dir: vault.dir,
      username: ADMIN,
      password: ADMIN_PASSWORD,
      keyStore: vault.keyStore,
    });
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.id === 'audit-chain')).toMatchObject({ ok: false });
    expect(report.checks.find((c) => c.id === 'audit-chain')?.detail).toMatch(/truncated|rolled_back/);
  });
});
