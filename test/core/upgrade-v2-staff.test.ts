import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlockVault, type VaultSession } from '../../src/core/index';
import { listAuditEvents } from '../../src/core/audit/audit-log';
import { listClients } from '../../src/core/clients/clients';
import { listRecords } from '../../src/core/records/query-records';
import { changeOwnPassword } from '../../src/core/users/users';
import type { UpgradeReport } from '../../src/shared/vault/contract';
import { expectCode } from '../helpers/test-vault';
import { copyFixture, fixture, fixtureUser, signInTime, totpFor } from '../helpers/v1-fixture';

/**
 * After the upgrade the other staff sign in with the temporary passwords the admin was given,
 * replace them (and their temporary identities) and reach exactly the clients version 1 let them
 * reach, through version-2 code: their names and records read back from the sealed columns.
 */
let vault: ReturnType<typeof copyFixture>;
let handover: UpgradeReport;

async function signIn(username: string, password: string): Promise<VaultSession> {
  const at = signInTime();
  const secret = fixtureUser(username).totpSecret;
  return unlockVault({
    dir: vault.dir,
    username,
    password,
    totp: secret ? totpFor(secret, at) : undefined,
    keyStore: vault.keyStore,
    now: () => at,
  });
}

/** First sign-in with the temporary password: the person sets their own, as the app makes them. */
async function firstSignIn(username: string): Promise<VaultSession> {
  const temporary = handover.temporaryPasswords.find((t) => t.username === username)!.password;
  const session = await signIn(username, temporary);
  try {
    expect(session.restriction).toBe('password-change');
    await changeOwnPassword(session, temporary, 'Own-Password-After-Upgrade-1');
    expect(session.restriction).toBeNull();
    return session;
  } catch (err) {
    session.lock();
    throw err;
  }
}

beforeAll(async () => {
  vault = copyFixture();
  const admin = await signIn('boss', fixtureUser('boss').password);
  handover = admin.upgradeReport!;
  admin.lock();
});

afterAll(() => vault.cleanup());

describe('the staff of an upgraded vault', () => {
  it('cannot sign in with their version-1 passwords any more', async () => {
    await expectCode(signIn('acc1', fixtureUser('acc1').password), 'E_AUTH');
  });

  it('an accountant reaches her two clients, with every record, and not the marker client', async () => {
    const session = await firstSignIn('acc1');
    try {
      const names = listClients(session).map((c) => [c.id, c.name]);
      expect(names.sort()).toEqual(
        fixture.clients.filter((c) => c.grants.some((g) => g.username === 'acc1')).map((c) => [c.id, c.name]),
      );
      const live = fixture.clients.find((c) => c.id === 1)!.liveRecords;
      expect(listRecords(session, { clientId: 1, limit: 1000 }).total).toBe(live);
      await expectCode(
        Promise.resolve().then(() => listRecords(session, { clientId: fixture.markerClient.id })),
        'E_FORBIDDEN',
      );
    } finally {
      session.lock();
    }
  });

  it('the manager keeps his two-step verification and reads every client, the marker client too', async () => {
    const temporary = handover.temporaryPasswords.find((t) => t.username === 'mgr')!.password;
    await expectCode(
      unlockVault({ dir: vault.dir, username: 'mgr', password: temporary, keyStore: vault.keyStore }),
      'E_MFA_REQUIRED',
    );
    const session = await firstSignIn('mgr');
    try {
      const clients = listClients(session, { includeArchived: true });
      expect(clients.map((c) => c.id).sort()).toEqual(fixture.clients.map((c) => c.id));
      const marker = clients.find((c) => c.id === fixture.markerClient.id)!;
      expect(marker.name).toContain(fixture.markers.clientName!.ascii);
      const page = listRecords(session, { clientId: fixture.markerClient.id, limit: 1000 });
      expect(
        page.rows.every(
          (r) =>
            r.counterparty?.includes(fixture.markers.counterparty!.zh!) ||
            r.counterparty?.includes(fixture.markers.historyCounterparty!.zh!),
        ),
      ).toBe(true);
    } finally {
      session.lock();
    }
  });

  it('an auditor reads the old audit details of the client granted to her, and not those of others', async () => {
    const session = await firstSignIn('aud');
    try {
      const created = listAuditEvents(session, { action: 'client.create' });
      const of = (id: number) => created.find((e) => e.clientId === id)!.details;
      expect(of(2)).toMatchObject({ name: fixture.clients.find((c) => c.id === 2)!.name });
      expect(of(fixture.markerClient.id)).toHaveProperty('$sealed');
      expect(JSON.stringify(created)).not.toContain(fixture.markers.clientName!.ascii);
    } finally {
      session.lock();
    }
  });
});
