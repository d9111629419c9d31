import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { EventStreamFrame, RuntimeEventType } from '@millwright/model';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { resolveAuthPolicy } from '../auth/auth-policy.js';
import { Authenticator } from '../auth/authenticator.js';
import { startSecuredRuntime, type SecuredRuntime } from '../auth/fixtures/secured-runtime.js';
import { SessionStore } from '../auth/session-store.js';
import { UserStore } from '../auth/user-store.js';
import { EventBus } from '../events/event-bus.js';
import { testFlow } from '../testing/test-runtime.js';
import { EventStream } from './event-stream.js';
import { websocketGrant } from './ws-auth.js';

let t: SecuredRuntime | undefined;
let server: Server | undefined;
let stream: EventStream | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await stream?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = stream = undefined;
  await t?.close();
  t = undefined;
});

/** Connects and resolves with the open socket (collecting frames) or the HTTP status of a refusal. */
function connect(
  url: string,
  options: { token?: string; query?: string; protocols?: string[] } = {},
): Promise<{ ws: WebSocket; frames: EventStreamFrame[] } | number> {
  return new Promise((resolve, reject) => {
    const target = `${url.replace('http', 'ws')}/api/events${options.query ? `?token=${options.query}` : ''}`;
    const ws = new WebSocket(target, options.protocols ?? [], {
      ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
    });
    sockets.push(ws);
    const frames: EventStreamFrame[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as EventStreamFrame));
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('unexpected-response', (_req, res) => {
      ws.off('error', reject).on('error', () => undefined);
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

const typesIn = (frames: EventStreamFrame[]) => new Set(frames.flat().map((e) => e.type));

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('websocket authentication', () => {
  it('refuses missing and unknown tokens', async () => {
    t = await startSecuredRuntime();
    expect(await connect(t.url)).toBe(401);
    expect(await connect(t.url, { token: 'mwt_unknown-token-unknown-token' })).toBe(401);
    expect(await connect(t.url, { query: 'mwt_unknown-token-unknown-token' })).toBe(401);
  });

  it('accepts the token as header, ?token= or bearer subprotocol, selecting "millwright"', async () => {
    t = await startSecuredRuntime();
    const token = t.tokens.viewer;
    expect(typeof (await connect(t.url, { token }))).toBe('object');
    expect(typeof (await connect(t.url, { query: token }))).toBe('object');
    const viaProtocol = await connect(t.url, { protocols: ['millwright', `bearer.${token}`] });
    if (typeof viaProtocol === 'number') throw new Error(`refused: ${viaProtocol}`);
    expect(viaProtocol.ws.protocol).toBe('millwright');
  });

  it('streams debug values to operators but only states and statuses to viewers', async () => {
    t = await startSecuredRuntime();
    const viewer = await connect(t.url, { token: t.tokens.viewer });
    const operator = await connect(t.url, { token: t.tokens.operator });
    if (typeof viewer === 'number' || typeof operator === 'number') throw new Error('refused');
    const flow = testFlow(
      'f1',
      [
        ['src1', 'test-source', { payload: 4242 }],
        ['dbg1', 'test-debug'],
      ],
      [['src1', 'dbg1']],
    );
    expect((await t.api('POST', '/api/flows', { flows: [flow] }, t.tokens.admin)).status).toBe(200);
    expect((await t.api('POST', '/api/inject/src1', undefined, t.tokens.operator)).status).toBe(200);
    await until(() => typesIn(operator.frames).has('debug') && typesIn(viewer.frames).has('deploy'));
    await new Promise((r) => setTimeout(r, 150)); // several flush intervals: anything queued has arrived
    expect(JSON.stringify(operator.frames)).toContain('4242');
    expect(typesIn(viewer.frames).has('deploy')).toBe(true);
    expect([...typesIn(viewer.frames)].filter((type) => ['debug', 'error', 'log'].includes(type))).toEqual([]);
    expect(JSON.stringify(viewer.frames)).not.toContain('4242');
    // Subscribing to debug does not widen what a viewer may see.
    viewer.ws.send(JSON.stringify({ subscribe: ['debug', 'status'] }));
    expect((await t.api('POST', '/api/inject/src1', undefined, t.tokens.operator)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));
    expect(JSON.stringify(viewer.frames)).not.toContain('4242');
  });
});

describe('websocket grants', () => {
  it('stay valid only while the same token authenticates with the same role', async () => {
    const users = await UserStore.open();
    await users.add({ username: 'ada', password: 'ada-password', role: 'admin' });
    await users.add({ username: 'otto', password: 'otto-password', role: 'operator' });
    const sessions = new SessionStore();
    const policy = resolveAuthPolicy({
      host: '127.0.0.1',
      settings: { required: false, openOnLoopback: true },
      userCount: users.count,
    });
    const auth = new Authenticator({ policy, users, sessions });
    const req = (token: string) =>
      ({ headers: { authorization: `Bearer ${token}` }, url: '/api/events' }) as IncomingMessage;

    const otto = sessions.issue('otto').token;
    const grant = websocketGrant(auth, req(otto))!;
    expect([...grant.types].sort()).toEqual([
      'chart',
      'connection',
      'debug',
      'deploy',
      'error',
      'flow-state',
      'log',
      'status',
    ]);
    expect(grant.valid!()).toBe(true);
    await users.update('otto', { role: 'viewer' });
    expect(grant.valid!()).toBe(false); // reconnecting gets the viewer's narrower grant
    expect([...websocketGrant(auth, req(otto))!.types].sort()).toEqual([
      'chart',
      'connection',
      'deploy',
      'flow-state',
      'status',
    ]);

    const ada = sessions.issue('ada').token;
    const adaGrant = websocketGrant(auth, req(ada))!;
    sessions.revoke(ada);
    expect(adaGrant.valid!()).toBe(false);
    expect(websocketGrant(auth, req(ada))).toBeUndefined();
  });

  it('close connections whose grant lapsed at the next heartbeat (code 4401)', async () => {
    server = createServer();
    let valid = true;
    const all: RuntimeEventType[] = ['status'];
    stream = new EventStream({
      server,
      bus: new EventBus(),
      logger: pino({ level: 'silent' }),
      authorize: () => ({ types: new Set(all), valid: () => valid }),
      heartbeatMs: 40,
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const client = await connect(`http://127.0.0.1:${port}`);
    if (typeof client === 'number') throw new Error('refused');
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 100));
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    valid = false;
    expect(await closed).toBe(4401);
  });
});
