import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { RendererOrigin } from './renderer-origin';

/** Decides whether an IPC call may reach the core at all; see `createSenderCheck`. */
export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>) => boolean;

/**
 * Trusts an IPC call only when all three hold:
 *  - it comes from the webContents the app expects (the main window's), not any other one;
 *  - it comes from that webContents' top frame, not an iframe inside it;
 *  - that frame currently shows the app's own page (app://ledgervault, or the dev server in dev),
 *    so a renderer that was somehow navigated elsewhere cannot call in.
 * Anything unexpected (a destroyed webContents, a frame that navigated away) means "no".
 */
export function createSenderCheck(expected: () => WebContents | null | undefined, origin: RendererOrigin): SenderCheck {
  return (event) => {
    try {
      const contents = expected();
      if (!contents || contents.isDestroyed() || event.sender !== contents) return false;
      const frame = event.senderFrame;
      if (!frame || frame !== contents.mainFrame) return false;
      return origin.isOwnUrl(frame.url);
    } catch {
      return false;
    }
  };
}
