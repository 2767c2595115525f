import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { ImportPickView } from '../../shared/contract';
import type { DropBridge } from '../../shared/import/drop';
import { AppError, toAppError } from '../app/errors';
import { useT } from './i18n';

/**
 * Hands a dropped file to the core (issue 14): through the preload and the main process in the
 * app, through the harness in a browser (src/shared/import/drop.ts). The page never learns its
 * path; it gets the same pick as the open dialog gives, or the core's refusal.
 */
export async function importDropped(file: File): Promise<ImportPickView | null> {
  const bridge = (window as { ledgervault?: { drop?: DropBridge } }).ledgervault?.drop;
  if (!bridge) throw new AppError({ code: 'E_INTERNAL', messageKey: null, params: {} });
  const result = await bridge.importFile(file);
  if (result.ok) return result.value;
  throw toAppError(result.error);
}

const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/**
 * The import wizard as a drop target: one file dropped anywhere on it is read like a picked one;
 * while a file is dragged over, the wizard says it may be dropped. A file dropped while no client
 * is chosen is ignored, and never opened by the page itself (the default would navigate to it).
 */
export function DropZone({
  enabled,
  onFile,
  onSeveral,
  children,
}: {
  enabled: boolean;
  onFile: (file: File) => void;
  onSeveral: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: counted, so the note does not flicker.
  const depth = useRef(0);
  return (
    <div
      className={over ? 'lv-import-drop lv-import-drop-over' : 'lv-import-drop'}
      data-testid="import-drop"
      onDragEnter={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        if (enabled) setOver(true);
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        if (!enabled) return;
        const files = [...e.dataTransfer.files];
        if (files.length === 1) onFile(files[0]!);
        else if (files.length > 1) onSeveral();
      }}
    >
      {over && (
        <div className="lv-import-drop-note" role="status">
          {t('import.dropHere')}
        </div>
      )}
      {children}
    </div>
  );
}
