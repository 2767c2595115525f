/**
 * Which storage format a vault folder is in. Version 1: SQLCipher 4 pages, keyslots wrap the DEK
 * only. Version 2 (security model v2): identities in keyslots, certificates, client keys, and the
 * page cipher named in the keys file.
 */
import type { PageCipher } from './database';
import type { KeysFile } from './keys-file';

/** The page cipher of new and upgraded vaults, chosen by `npm run bench` (see docs/security.md). */
export const V2_PAGE_CIPHER: PageCipher = 'aegis-256';

export function pageCipherOf(keys: Pick<KeysFile, 'pageCipher'>): PageCipher {
  return keys.pageCipher ?? 'sqlcipher';
}

export function isVersion2(keys: Pick<KeysFile, 'version'>): boolean {
  return keys.version === 2;
}
