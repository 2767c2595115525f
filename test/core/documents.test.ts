import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { revokeClientGrant, setClientGrant } from '../../src/core/access/grants';
import { createClient } from '../../src/core/clients/clients';
import { complianceFiles } from '../../src/core/db/registers-schema';
import { auditEvents } from '../../src/core/db/schema';
import {
  checkDocument,
  createDocumentPicker,
  documentInfos,
  exportDocument,
  readDocument,
  sniffDocument,
  storeDocument,
} from '../../src/core/documents/index';
import type { VaultSession } from '../../src/core/index';
import type { HandlerContext } from '../../src/core/ipc/context';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * Files kept in the vault (issue 17, src/core/documents): checked by content and size at the
 * pick, a client's sealed under that client's key (and still readable after its key rotates),
 * given back only through an audited export.
 */
let vault: TestVault;
let admin: VaultSession;
let accountant: Staff;
let clientId = 0;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 2)]);

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.session;
  accountant = await addStaff(admin, vault, 'accountant', 'chen');
  const manager = await addStaff(admin, vault, 'manager', 'manager1');
  admin.lock();
  await activate(vault, accountant);
  await activate(vault, manager);
  const m = await signIn(vault, manager);
  clientId = createClient(m, { name: '杭州明达' }).id;
  m.lock();
  admin = await signIn(vault, first.admin);
  setClientGrant(admin, { username: 'chen', clientId, canWrite: false });
});

afterAll(async () => {
  admin.lock();
  await vault.cleanup();
});

function keep(name: string, bytes: Buffer, client: number | null): number {
  const doc = checkDocument({ name, bytes });
  return admin.write((ctx) => storeDocument(admin, ctx, doc, client, new Date().toISOString()));
}

describe('documents', () => {
  it('knows PDF, PNG and JPEG by their bytes, whatever the name says', () => {
    expect(sniffDocument(PDF)).toBe('application/pdf');
    expect(sniffDocument(PNG)).toBe('image/png');
    expect(sniffDocument(JPEG)).toBe('image/jpeg');
    expect(sniffDocument(Buffer.from('PK\u0003\u0004 a zip called scan.pdf'))).toBeNull();
    expect(() => checkDocument({ name: 'scan.pdf', bytes: Buffer.from('<html>') })).toThrow(/not a PDF, PNG or JPEG/);
    expect(() => checkDocument({ name: 'empty.pdf', bytes: Buffer.alloc(0) })).toThrow(/empty/);
    const big = Buffer.alloc(20 * 2 ** 20 + 1);
    PDF.copy(big);
    expect(() => checkDocument({ name: 'big.pdf', bytes: big })).toThrow(/E_INPUT/);
  });

  it("keeps a client's file sealed under the client's key: no plaintext name or byte in the row", () => {
    const id = keep('明达保密协议.pdf', PDF, clientId);
    const row = admin.orm.select().from(complianceFiles).where(eq(complianceFiles.id, id)).get()!;
    expect(row.content.includes(PDF.subarray(0, 8))).toBe(false);
    expect(row.name.toString('utf8')).not.toContain('明达');
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    const back = readDocument(admin, id);
    expect(back.name).toBe('明达保密协议.pdf');
    expect(back.bytes.equals(PDF)).toBe(true);
    expect(documentInfos(admin, [id]).get(id)).toMatchObject({ name: '明达保密协议.pdf', mime: 'application/pdf' });
    const stored = admin.orm.select().from(auditEvents).where(eq(auditEvents.action, 'document.store')).all();
    expect(stored.at(-1)!.details).not.toContain('明达');
  });

  it("an office file is stored as it is; a client's file is unreadable when its bytes are moved or changed", () => {
    const own = keep('code-of-conduct.png', PNG, null);
    expect(readDocument(admin, own).bytes.equals(PNG)).toBe(true);
    const a = keep('a.jpg', JPEG, clientId);
    const b = keep('b.pdf', PDF, clientId);
    const rowA = admin.orm.select().from(complianceFiles).where(eq(complianceFiles.id, a)).get()!;
    admin.write((ctx) =>
      ctx.orm.update(complianceFiles).set({ content: rowA.content }).where(eq(complianceFiles.id, b)).run(),
    );
    expect(() => readDocument(admin, b)).toThrow(/E_INTEGRITY/);
    // Out of the vault again: a tampered value also stops a key rotation, as any sealed field does.
    admin.write((ctx) => ctx.orm.delete(complianceFiles).where(eq(complianceFiles.id, b)).run());
  });

  it("still opens after the client's key is rotated (a grant revoked)", async () => {
    const id = keep('after-rotation.pdf', PDF, clientId);
    revokeClientGrant(admin, { username: 'chen', clientId });
    expect(readDocument(admin, id).bytes.equals(PDF)).toBe(true);
    expect(readDocument(admin, id).name).toBe('after-rotation.pdf');
  });

  it('a pick is held once under a random handle; an export goes through the save dialog and is audited', async () => {
    let listener: ((s: VaultSession | null) => void) | null = null;
    const service = {
      openFile: async () => ({ name: 'scan.pdf', bytes: PDF }),
      onSessionChange: (l: (s: VaultSession | null) => void) => void (listener = l),
    } as unknown as Pick<HandlerContext, 'openFile' | 'onSessionChange'>;
    const picker = createDocumentPicker(service);
    const picked = (await picker.pick())!;
    expect(picked).toMatchObject({ name: 'scan.pdf', mime: 'application/pdf', size: PDF.length });
    expect(picker.take(picked.handle).bytes.equals(PDF)).toBe(true);
    expect(() => picker.take(picked.handle)).toThrow(/E_INPUT/);
    const again = (await picker.pick())!;
    listener!(null);
    expect(() => picker.take(again.handle)).toThrow(/E_INPUT/);

    const id = keep('export-me.pdf', PDF, clientId);
    const written: { name: string; bytes: Buffer }[] = [];
    const saved = await exportDocument(
      admin,
      async (name, bytes) => {
        written.push({ name, bytes });
        return { path: `/tmp/${name}` };
      },
      id,
      { targetType: 'test', targetId: '1' },
    );
    expect(saved).toEqual({ path: '/tmp/export-me.pdf', bytes: PDF.length });
    expect(written[0]!.bytes.equals(PDF)).toBe(true);
    const event = admin.orm.select().from(auditEvents).where(eq(auditEvents.action, 'document.export')).all().at(-1)!;
    expect(event.targetId).toBe(String(id));
    const cancelled = await exportDocument(admin, async () => null, id, { targetType: 'test', targetId: '1' });
    expect(cancelled).toBeNull();
  });
});
