import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../src/shared/contract';
import { DROP_CHANNEL } from '../../src/shared/import/drop';
import { createFakeElectron, type FakeElectron } from './fake-electron';

let electron: FakeElectron;

/** namespace -> sorted method names, as the contract says window.ledgervault must look. */
function expectedShape(): Record<string, string[]> {
  const shape: Record<string, string[]> = {};
  for (const channel of CHANNELS) {
    const [ns, method] = channel.split(':') as [string, string];
    (shape[ns] ??= []).push(method);
  }
  for (const ns of Object.keys(shape)) shape[ns]!.sort();
  // Besides the contract: a file dropped onto the import wizard, by its path from Electron.
  shape['drop'] = ['importFile'];
  return shape;
}

beforeEach(async () => {
  electron = createFakeElectron();
  vi.resetModules();
  vi.doMock('electron', () => electron.module);
  await import('../../src/preload/index');
});

describe('preload', () => {
  it('exposes exactly one object, window.ledgervault', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...electron.exposed.keys()]).toEqual(['ledgervault']);
  });

  it("has the contract's methods and nothing else, frozen", () => {
    const api = electron.exposed.get('ledgervault') as Record<string, Record<string, unknown>>;
    const shape: Record<string, string[]> = {};
    for (const ns of Object.keys(api)) {
      shape[ns] = Object.keys(api[ns]!).sort();
      for (const method of shape[ns]!) expect(typeof api[ns]![method], `${ns}.${method}`).toBe('function');
      expect(Object.isFrozen(api[ns])).toBe(true);
    }
    expect(shape).toEqual(expectedShape());
    expect(Object.isFrozen(api)).toBe(true);
    for (const name of ['invoke', 'send', 'on', 'ipcRenderer', 'require', 'process']) {
      expect(api, name).not.toHaveProperty(name);
    }
  });

  it('sends a dropped file\'s path from Electron on the drop channel, and "" for a File the page made', async () => {
    const api = electron.exposed.get('ledgervault') as { drop: { importFile: (file: unknown) => Promise<unknown> } };
    electron.ipcRenderer.invoke.mockClear();
    await api.drop.importFile({ name: 'a.csv', path: '/home/u/a.csv' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(DROP_CHANNEL, { path: '/home/u/a.csv' });
    await api.drop.importFile({ name: 'made-up.csv' });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(DROP_CHANNEL, { path: '' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(2);
  });

  it('maps each method to ipcRenderer.invoke on its own channel', async () => {
    const api = electron.exposed.get('ledgervault') as Record<string, Record<string, (input?: unknown) => unknown>>;
    for (const channel of CHANNELS) {
      const [ns, method] = channel.split(':') as [string, string];
      electron.ipcRenderer.invoke.mockClear();
      await api[ns]![method]!({ probe: channel });
      expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(channel, { probe: channel });
    }
    electron.ipcRenderer.invoke.mockClear();
    await api['vault']!['status']!();
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('vault:status', {});
  });
});
