/**
 * The office update URL (issue 15, Build 3): a folder on an office web server holding one release
 * as `release sign` left it. Fetched only when an admin presses the button, into a private temp
 * folder, then verified exactly as a USB folder is (verify-release.ts). The manifest is read
 * before it is verified only for the names and sizes to fetch; no byte beyond a listed size is
 * kept, and nothing fetched is trusted until verifyRelease accepts the folder.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { LedgerVaultError } from '../errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { asDiskError } from '../fs/disk-errors';
import { MANIFEST_MAX_BYTES, MANIFEST_NAME, parseManifest } from './manifest';
import { refusalOf, type Refusal } from './refusals';

const TIMEOUT_MS = 60_000;
let lastDownload: string | null = null;

function unreachable(url: string, reason: string): LedgerVaultError {
  return new LedgerVaultError('E_IO', `The office update server ${url} could not be read (${reason}).`, {
    messageKey: 'update.officeUnreachable',
    params: { url, reason },
  });
}

async function get(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw unreachable(url, err instanceof Error ? err.message.slice(0, 120) : 'network error');
  }
  if (!res.ok || !res.body) throw unreachable(url, `HTTP ${res.status}`);
  return res;
}

/** At most `limit` bytes of the body; more is the server's error, not ours to keep. */
function capped(limit: number, url: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) done(unreachable(url, `more than the ${limit} bytes expected`));
      else done(null, chunk);
    },
  });
}

/** Downloads the release at `baseUrl` into a new temp folder; the manifest refused as data. */
export async function downloadRelease(baseUrl: string): Promise<{ folder: string } | { refusal: Refusal }> {
  const res = await get(`${baseUrl}/${MANIFEST_NAME}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of Readable.fromWeb(res.body as never)) {
    size += (chunk as Buffer).length;
    if (size > MANIFEST_MAX_BYTES) throw unreachable(baseUrl, 'the manifest is too large');
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  let names: { name: string; size: number }[];
  try {
    names = parseManifest(bytes).signed.files;
  } catch (err) {
    const r = refusalOf(err);
    if (r) return { refusal: r };
    throw err;
  }
  if (lastDownload) rmSync(lastDownload, { recursive: true, force: true });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'ledgervault-update-'));
  lastDownload = folder;
  try {
    writeFileAtomic(path.join(folder, MANIFEST_NAME), bytes);
    for (const f of names) {
      const url = `${baseUrl}/${encodeURIComponent(f.name)}`;
      const body = await get(url);
      await pipeline(
        Readable.fromWeb(body.body as never),
        capped(f.size, url),
        createWriteStream(path.join(folder, f.name), { flags: 'wx', mode: 0o600 }),
      );
    }
  } catch (err) {
    rmSync(folder, { recursive: true, force: true });
    lastDownload = null;
    // A full temp disk is said as such (naming it and the release's size), not as a server that failed.
    throw asDiskError(err, { folder: os.tmpdir(), neededBytes: names.reduce((n, f) => n + f.size, bytes.length) });
  }
  return { folder };
}
