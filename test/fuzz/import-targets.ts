/**
 * The importer's fuzz checks as the campaign's child process loads them (child.ts): `fuzzTargets`
 * by name, and `fuzzCleanup` for the vault the pipeline cases share. The vault is made on the
 * first pipeline case only (Argon2id and a few sign-ins cost seconds on this machine), in the
 * temp folder the parent gave the child (TMPDIR), which the parent removes even after a kill.
 */
import { createClient } from '../../src/core/clients/clients';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn } from '../helpers/staff';
import { checkPipeline, checkReaders, type CaseMeta, type PipelineVault } from './import-checks';

let vault: TestVault | undefined;
let pipeline: Promise<PipelineVault> | undefined;

async function openPipelineVault(): Promise<PipelineVault> {
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  const manager = await addStaff(admin, vault, 'manager', 'fuzzmgr');
  admin.lock();
  await admin.anchorsWritten();
  await activate(vault, manager);
  const session = await signIn(vault, manager);
  const clientId = createClient(session, { name: '模糊测试客户' }).id;
  return { session, clientId };
}

/** The vault pipeline cases share, made on first use. */
export const pipelineVault = (): Promise<PipelineVault> => (pipeline ??= openPipelineVault());

export const fuzzTargets = {
  async import(bytes: Uint8Array, meta: CaseMeta): Promise<void> {
    await checkReaders(bytes, meta);
    if (meta.pipeline) await checkPipeline(await pipelineVault(), bytes, meta);
  },
};

export async function fuzzWarmUp(): Promise<void> {
  await pipelineVault();
}

export async function fuzzCleanup(): Promise<void> {
  if (pipeline) (await pipeline.catch(() => undefined))?.session.lock();
  await vault?.cleanup();
}
