/**
 * The IPC and file fuzz targets can fail (issue 16: each campaign has a self-test that plants a
 * known fault): the same campaign, with one fault planted in what it tests (planted-surfaces.ts),
 * reports failures of the right kind; the IPC control, the same cases on the real registry, does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { runTarget, type CampaignTarget } from './campaign';
import { fileTargets, type FileSeeds } from './file-campaign';
import { ipcTarget } from './ipc-campaign';

const PLANTED = path.join(import.meta.dirname, 'planted-surfaces.ts');
const SEED = 4242;
const opts = { seed: SEED, timeoutMs: 20_000 };

/** The IPC target narrowed to the planted channels' seeds, so that a few dozen cases reach them. */
function ipcPlanted(check: string, channel: string): CampaignTarget {
  const t = ipcTarget(1000, PLANTED, check);
  return { ...t, name: `planted-${check}`, seeds: t.seeds.filter((s) => s.name === `${channel} as manager`) };
}

describe('IPC fuzz self-test', () => {
  it('a handler that throws an untyped error is caught as E_INTERNAL at the boundary; the real one is not', async () => {
    const caught = await runTarget(ipcPlanted('ipc-untyped', 'home:summary'), { ...opts, cases: 20 });
    expect(caught.failures.length).toBeGreaterThan(0);
    expect(caught.failures.every((f) => f.kind === 'property')).toBe(true);
    expect(caught.failures[0]!.message).toMatch(/home:summary as manager: refused with E_INTERNAL/);
    const control = await runTarget(ipcPlanted('ipc-control', 'home:summary'), { ...opts, cases: 20 });
    expect(control.failures).toEqual([]);
  }, 120_000);

  it('a handler that writes and then refuses is a partial effect', async () => {
    const caught = await runTarget(ipcPlanted('ipc-partial', 'clients:create'), { ...opts, cases: 20 });
    expect(caught.failures.length).toBeGreaterThan(0);
    expect(caught.failures[0]!.message).toMatch(
      /clients:create as manager: refused \(E_INPUT\) but the vault changed: .*clients=/,
    );
  }, 120_000);
});

describe('file fuzz self-test', () => {
  let seeds: FileSeeds;
  beforeAll(async () => {
    seeds = await fileTargets(5, PLANTED);
  }, 120_000);
  afterAll(() => seeds?.cleanup());
  const planted = (name: string, check: string) => ({ ...seeds.targets.find((t) => t.name === name)!, check });

  it.each([
    ['backup', 'backup-swallowed', /a changed backup verifies/],
    ['keys-file', 'keys-unchecked', /read: SyntaxError|device MAC check throws|changed keys file/],
    ['pending-file', 'pending-unchained', /is believed but is not the real line/],
    ['update-manifest', 'manifest-unsigned', /signed part changed is accepted/],
  ] as const)(
    '%s: a planted %s fault is caught',
    async (name, check, message) => {
      const caught = await runTarget(planted(name, check), { ...opts, cases: 60 });
      expect(caught.cases).toBe(60);
      expect(caught.failures.length).toBeGreaterThan(0);
      expect(caught.failures.every((f) => f.kind === 'property')).toBe(true);
      expect(caught.failures.some((f) => message.test(f.message))).toBe(true);
    },
    120_000,
  );
});
