import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localizeError } from '../../src/shared/messages';
import { startHarness, TOKEN_COOKIE, type Harness } from './server';

/**
 * The browser harness as another program on the same computer would meet it (run
 * `npm run build` first: it serves out/renderer). Only the browser its launcher started holds
 * the token; everything else that asks is refused, whatever it has read from the server.
 */
let root: string;
let harness: Harness;
let host: string;
let origin: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lv-harness-'));
  harness = await startHarness({ vaultDir: path.join(root, 'vault') });
  origin = new URL(harness.url).origin;
  host = new URL(harness.url).host;
});
afterAll(async () => {
  await harness.close();
  rmSync(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request to the harness, with exactly the headers given (Host included). */
function send(method: string, pathname: string, headers: Record<string, string>, body = ''): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(harness.url);
    const req = request(
      { host: '127.0.0.1', port: url.port, method, path: pathname, headers: { host, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const call = (channel: string, headers: Record<string, string>) =>
  send(
    'POST',
    `/__harness/ipc/${encodeURIComponent(channel)}`,
    { 'content-type': 'application/json', ...headers },
    '{}',
  );

const withToken = (token = harness.token) => ({ cookie: `${TOKEN_COOKIE}=${token}`, origin });

describe('harness: the token goes only to the browser the launcher starts', () => {
  it('serves no token: not in the page, the bridge, or anything else a local process can fetch', async () => {
    for (const pathname of ['/', '/index.html', '/__harness/bridge.js', '/__harness/launch', '/__harness/clipboard']) {
      const reply = await send('GET', pathname, {});
      expect(reply.body, pathname).not.toContain(harness.token);
      expect(JSON.stringify(reply.headers), pathname).not.toContain(harness.token);
    }
  });

  it('refuses a local process without the token, whatever it read from the server', async () => {
    const page = (await send('GET', '/', {})).body + (await send('GET', '/__harness/bridge.js', {})).body;
    const candidates = [...new Set(page.match(/[0-9a-f]{64}/g) ?? []), 'not-the-token', ''];
    for (const guess of candidates) {
      for (const headers of [withToken(guess), { 'x-ledgervault-harness': guess, origin }]) {
        const reply = await call('vault:status', headers);
        expect(reply.status, guess).toBe(403);
        expect(JSON.parse(reply.body), guess).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
      }
    }
    expect((await send('GET', '/__harness/clipboard', {})).status).toBe(403);
  });

  it('answers the launched browser: its cookie, from its own origin', async () => {
    const reply = await call('vault:status', withToken());
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { state: 'no-vault' } });
    // The same cookie from another page (a cross-site form or fetch) is refused.
    for (const other of ['http://127.0.0.1:1', 'http://evil.example', 'null']) {
      expect((await call('vault:status', { ...withToken(), origin: other })).status, other).toBe(403);
    }
  });

  it('says a refused call was refused, and not that it was recorded in the audit log', async () => {
    const { error } = JSON.parse((await call('users:list', {})).body) as { error: { code: string } };
    for (const locale of ['zh-CN', 'en'] as const) {
      const { code, message } = localizeError(error, locale);
      expect(code).toBe('E_FORBIDDEN');
      expect(message).toMatch(/refused|拒绝/);
      expect(message).not.toMatch(/audit|审计|recorded|记入/);
    }
  });

  it('sets the cookie once through the launch URL, then never again', async () => {
    const launch = new URL(harness.launchUrl);
    const first = await send('GET', launch.pathname + launch.search, {});
    expect(first.status).toBe(303);
    expect(String(first.headers['set-cookie'])).toContain(
      `${TOKEN_COOKIE}=${harness.token}; HttpOnly; SameSite=Strict`,
    );
    const again = await send('GET', launch.pathname + launch.search, {});
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
  });
});

describe('harness: DNS rebinding', () => {
  it('refuses every request whose Host is not its own 127.0.0.1:port, even with the token', async () => {
    const port = new URL(harness.url).port;
    for (const other of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${Number(port) + 1}`]) {
      expect((await send('GET', '/', { host: other })).status, other).toBe(421);
      const reply = await call('vault:status', { ...withToken(), host: other, origin: `http://${other}` });
      expect(reply.status, other).toBe(421);
      expect(reply.body).not.toContain('no-vault');
    }
    expect((await send('GET', '/', {})).status).toBe(200);
  });
});
