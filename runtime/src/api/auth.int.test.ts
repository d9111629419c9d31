import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRuntime } from '../runtime.js';
import { FIXTURE_NODES, startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

const TOKEN = 'test-token-0123456789abcdef';

let t: TestRuntime | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** Opens a websocket and resolves with 'open' or the HTTP status of a refused upgrade. */
function connect(url: string, token?: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/events`, {
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      ws.off('error', reject).on('error', () => undefined); // terminate() mid-handshake reports an error
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

describe('authentication', () => {
  it('refuses to start on a non-loopback host without a token, before listening', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-auth-'));
    dirs.push(dataDir);
    await expect(
      createRuntime({
        dataDir,
        host: '0.0.0.0',
        port: 0,
        nodeModules: [FIXTURE_NODES],
        env: {},
        logger: pino({ level: 'silent' }),
      }),
    ).rejects.toMatchObject({ code: 'auth_token_required', message: expect.stringContaining('MILLWRIGHT_TOKEN') });
  });

  it('refuses to start when settings.json requires auth and no token is set', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-auth-'));
    dirs.push(dataDir);
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ auth: { required: true } }));
    await expect(startTestRuntime({ dataDir })).rejects.toMatchObject({ code: 'auth_token_required' });
  });

  it('takes MILLWRIGHT_TOKEN from the environment', async () => {
    t = await startTestRuntime({ env: { MILLWRIGHT_TOKEN: TOKEN } });
    expect((await t.api('GET', '/api/flows')).status).toBe(401);
    expect((await t.api('GET', '/api/flows', undefined, TOKEN)).status).toBe(200);
  });

  it('guards the API and the websocket with the bearer token; health and metrics stay open', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-auth-'));
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ auth: { required: true } }));
    t = await startTestRuntime({ dataDir, token: TOKEN });

    const missing = await t.api('GET', '/api/flows');
    expect(missing).toMatchObject({
      status: 401,
      body: { code: 'unauthorized', hint: expect.stringContaining('Bearer') },
    });
    expect((await t.api('GET', '/api/nodes', undefined, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await t.api('POST', '/api/inject/x', undefined, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await t.api('GET', '/api/flows', undefined, TOKEN)).status).toBe(200);

    expect(await connect(t.url)).toBe(401);
    expect(await connect(t.url, 'wrong-token-wrong-token')).toBe(401);
    expect(await connect(t.url, TOKEN)).toBe('open');

    expect((await t.api('GET', '/healthz')).status).toBe(200);
    expect((await t.api('GET', '/metrics')).status).toBe(200);
  });
});
