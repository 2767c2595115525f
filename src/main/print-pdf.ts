import { BrowserWindow, session } from 'electron';
import { denyAllPermissions } from './permissions';

/** An in-memory session of its own: nothing the report page does touches the app's session. */
const PARTITION = 'ledgervault-print';
let prepared = false;

/**
 * The evidence report's PDF (issue 17, Build 10): Chromium's print of the self-contained HTML the
 * core generated and signed. A hidden window with no script, no preload and no Node loads it as a
 * data: URL; its session refuses every other request (the report needs none) and every permission.
 * The HTML stays the signed artefact; this is its print.
 */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const ses = session.fromPartition(PARTITION, { cache: false });
  if (!prepared) {
    denyAllPermissions(ses);
    ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
    prepared = true;
  }
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      session: ses,
      javascript: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
      spellcheck: false,
    },
  });
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    win.destroy();
  }
}
