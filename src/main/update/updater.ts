/**
 * The one UpdateInstaller of this run, over electron-updater's autoUpdater (loaded only when an
 * admin installs an update: the app reaches no feed on its own, and a start-up never touches it).
 */
import { UpdateInstaller, type AutoUpdaterLike } from './install';
import { PINNED_UPDATE_KEYS } from './pinned-key';

async function loadAutoUpdater(): Promise<AutoUpdaterLike> {
  // electron-updater is CommonJS; its autoUpdater is a getter on module.exports.
  const mod = (await import('electron-updater')) as unknown as {
    default?: { autoUpdater: unknown };
    autoUpdater?: unknown;
  };
  return (mod.default?.autoUpdater ?? mod.autoUpdater) as AutoUpdaterLike;
}

export const updateInstaller = new UpdateInstaller({ updater: loadAutoUpdater, pinnedKeys: PINNED_UPDATE_KEYS });

/** What CoreClient's `updater` option takes. */
export const updaterShell = {
  installUpdate: (request: Parameters<UpdateInstaller['install']>[0]) => updateInstaller.install(request),
  restartToUpdate: () => updateInstaller.restart(),
};
