import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The evidence report's print window (src/main/print-pdf.ts) under a stand-in for Electron (the
 * runtime cannot be downloaded here): hidden, no script, no Node, on its own session that lets
 * only the report's data: URL load; destroyed after printing, and when printing fails.
 */
type Filter = (details: { url: string }, callback: (r: { cancel: boolean }) => void) => void;

interface Made {
  options: Record<string, unknown>;
  loaded: string[];
  destroyed: boolean;
}

let made: Made[];
let filter: Filter | null;
let printFails: boolean;
let partitions: string[];

function fakeElectron() {
  const ses = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    on: vi.fn(),
    webRequest: {
      onBeforeRequest: (f: Filter) => {
        filter = f;
      },
    },
  };
  class BrowserWindow {
    private readonly made: Made;
    readonly webContents: { printToPDF: (o: Record<string, unknown>) => Promise<Buffer> };
    constructor(options: Record<string, unknown>) {
      this.made = { options, loaded: [], destroyed: false };
      made.push(this.made);
      this.webContents = {
        printToPDF: async (o) => {
          if (printFails) throw new Error('printing failed');
          return Buffer.from(`%PDF-1.4 ${JSON.stringify(o)}`);
        },
      };
    }
    loadURL(url: string) {
      this.made.loaded.push(url);
      return Promise.resolve();
    }
    destroy() {
      this.made.destroyed = true;
    }
  }
  return {
    BrowserWindow,
    session: {
      fromPartition: (name: string) => {
        partitions.push(name);
        return ses;
      },
    },
  };
}

describe('report print window', () => {
  beforeEach(() => {
    made = [];
    filter = null;
    printFails = false;
    partitions = [];
    vi.resetModules();
    vi.doMock('electron', () => fakeElectron());
  });

  it('prints the report from a hidden, script-less window on its own session, then destroys it', async () => {
    const { printHtmlToPdf } = await import('../../src/main/print-pdf');
    const pdf = await printHtmlToPdf('<!DOCTYPE html><p>报告</p>');
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/^%PDF-1\.4 .*"pageSize":"A4"/);
    const [win] = made;
    expect(win?.options).toMatchObject({
      show: false,
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect((win?.options['webPreferences'] as Record<string, unknown>)['preload']).toBeUndefined();
    expect(partitions).toEqual(['ledgervault-print']);
    expect(win?.loaded).toHaveLength(1);
    const url = win!.loaded[0]!;
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe('<!DOCTYPE html><p>报告</p>');
    expect(win?.destroyed).toBe(true);

    // Its session loads the data: URL and nothing else.
    const decide = (u: string) => {
      let cancel: boolean | null = null;
      filter!({ url: u }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide(url)).toBe(false);
    expect(decide('https://example.com/x.png')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    expect(decide('app://ledgervault/index.html')).toBe(true);
  });

  it('destroys the window when printing fails', async () => {
    printFails = true;
    const { printHtmlToPdf } = await import('../../src/main/print-pdf');
    await expect(printHtmlToPdf('<p>x</p>')).rejects.toThrow(/printing failed/);
    expect(made[0]?.destroyed).toBe(true);
  });
});
