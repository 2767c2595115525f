import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { getSettings, updateSettings } from './settings';

/** The vault's security settings. */
export function registerSettingsHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  registry.register('settings:get', () => getSettings(s()));
  registry.register('settings:update', (i) => {
    const after = updateSettings(s(), i);
    service.applySettings(after);
    return after;
  });
}
