/**
 * The publisher key update manifests must be signed with, as text in the bundle (vite's `?raw`):
 * not a file beside the app that anyone with write access to the install folder could swap
 * (docs/update-format.md). The core process and the main process's installer both check against it.
 */
import { parsePublicKeyFile } from '../../core/update/public-key';
import releaseKeyText from '../../../resources/update/ledgervault-release.pub?raw';

export const PINNED_UPDATE_KEYS: readonly string[] = [
  parsePublicKeyFile(releaseKeyText, 'resources/update/ledgervault-release.pub'),
];
