/**
 * The loopback feed electron-updater's generic provider reads (issue 15, Build 3): 127.0.0.1 on a
 * random port, under a random path, serving exactly the files of one verified release and nothing
 * else. Each file is hashed again as it is served; its last chunk is held back until the whole
 * file's size and SHA-512 match the verified ones, so a file swapped after verification reaches
 * the updater cut short (the connection is destroyed) and is never installed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  name: string;
  path: string;
  size: number;
  /** Base64, as the manifest and latest.yml have it. */
  sha512: string;
}

export interface VerifiedServer {
  /** The feed URL for the generic provider: `http://127.0.0.1:PORT/TOKEN`. */
  url: string;
  /** Names of files whose bytes did not match when served (for the caller's log and refusal). */
  mismatches: string[];
  close(): Promise<void>;
}

/** Streams `file` to `res`, hashing it; ends the response only if it matched, else destroys it. */
async function serveChecked(file: ServedFile, res: ServerResponse, onMismatch: () => void): Promise<void> {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(file.size),
    'cache-control': 'no-store',
  });
  const hash = createHash('sha512');
  let size = 0;
  let held: Buffer | null = null;
  try {
    for await (const chunk of createReadStream(file.path, { highWaterMark: 1024 * 1024 })) {
      const buf = chunk as Buffer;
      hash.update(buf);
      size += buf.length;
      if (size > file.size) break;
      if (held && !res.write(held)) await new Promise((resolve) => res.once('drain', resolve));
      held = buf;
    }
  } catch {
    size = -1; // unreadable now: as good as swapped
  }
  if (size === file.size && hash.digest('base64') === file.sha512) {
    res.end(held ?? undefined);
    return;
  }
  onMismatch();
  res.destroy(); // the client gets fewer bytes than announced: a failed download, not a file
}

export async function startVerifiedServer(files: readonly ServedFile[]): Promise<VerifiedServer> {
  const token = randomBytes(16).toString('hex');
  const byName = new Map(files.map((f) => [f.name, f]));
  const mismatches: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const prefix = `/${token}/`;
    const url = req.url ?? '';
    const name = url.startsWith(prefix) ? safeDecode(url.slice(prefix.length).split('?')[0]!) : null;
    const file = name === null ? undefined : byName.get(name);
    if (req.socket.remoteAddress !== '127.0.0.1' || !file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-length': String(file.size) }).end();
      return;
    }
    void serveChecked(file, res, () => mismatches.push(file.name));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${token}`,
    mismatches,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
