/**
 * The saved column mappings' channels (issue 14): list, find for a file's first rows, save,
 * delete. The renderer sends the first rows import:head gave it; matching them against saved
 * header names reveals nothing it could not read already. Authorization and the audit are in
 * import-mappings.ts.
 */
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import type { ImportColumnMapping } from '../../shared/import/contract';
import { deleteMapping, listMappings, mappingsFor, saveMapping, type SavedMapping } from './import-mappings';

// The stored mapping passed the generic reader's schema when it was saved; the wizard's type is its input.
const view = <T extends SavedMapping>(m: T) => ({ ...m, mapping: m.mapping as ImportColumnMapping });

export function registerImportMappingHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('import:mappings', () => listMappings(s()).map(view));
  registry.register('import:mappingsFor', ({ rows }) => mappingsFor(s(), { rows }).map(view));
  registry.register('import:saveMapping', (q) => view(saveMapping(s(), q)));
  registry.register('import:deleteMapping', ({ id }) => deleteMapping(s(), id));
}
