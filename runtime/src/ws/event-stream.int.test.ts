import type { EventStreamFrame } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestRuntime, testFlow, type TestRuntime } from '../testing/test-runtime.js';
import { parseSubscribe } from './event-stream.js';

let t: TestRuntime | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await t?.close();
  t = undefined;
});

/** A connected client collecting every event of every frame. */
async function client(url: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/events`);
  sockets.push(ws);
  const frames: EventStreamFrame[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as EventStreamFrame);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const events = () => frames.flat();
  /** Resolves once an event matching `match` has arrived. */
  const until = (match: (e: EventStreamFrame[number]) => boolean, timeoutMs = 5_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(events())}`)), timeoutMs);
      const check = () => {
        if (events().some(match)) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  return { ws, frames, events, until };
}

const flow = testFlow(
  'f1',
  [
    ['src', 'test-source', { payload: 21 }],
    ['dbg', 'test-debug'],
  ],
  [['src', 'dbg']],
);

describe('websocket event stream', () => {
  it('streams debug events after an inject, batched as JSON arrays', async () => {
    t = await startTestRuntime();
    const c = await client(t.url);
    await t.api('POST', '/api/flows', { flows: [flow] });
    for (let i = 0; i < 3; i++) await t.api('POST', '/api/inject/src');
    await c.until((e) => e.type === 'debug' && e.nodeId === 'dbg');
    await new Promise((r) => setTimeout(r, 100));
    const debug = c.events().filter((e) => e.type === 'debug');
    expect(debug).toHaveLength(3);
    expect(debug[0]).toMatchObject({ type: 'debug', flowId: 'f1', nodeId: 'dbg', property: 'payload', value: 21 });
    expect(c.events()).toContainEqual(expect.objectContaining({ type: 'deploy', mode: 'full' }));
    expect(c.frames.every((f) => Array.isArray(f))).toBe(true);

    const metrics = await t.api('GET', '/metrics');
    expect(metrics.text).toContain('millwright_ws_clients 1');
  });

  it('streams only the subscribed types', async () => {
    t = await startTestRuntime();
    await t.api('POST', '/api/flows', { flows: [flow] });
    const c = await client(t.url);
    c.ws.send(JSON.stringify({ subscribe: ['deploy'] }));
    await c.until((e) => e.type === 'subscribed');
    expect(c.events()).toContainEqual({ type: 'subscribed', types: ['deploy'] });

    await t.api('POST', '/api/inject/src');
    await t.api('POST', '/api/flows', { flows: [flow], mode: 'nodes' });
    // the deploy happened after the inject on the same bus, so its debug event would have come first
    await c.until((e) => e.type === 'deploy');
    expect(c.events().filter((e) => e.type === 'debug')).toEqual([]);
    expect(t.events.some((e) => e.type === 'debug')).toBe(true);

    c.ws.send(JSON.stringify({ subscribe: null }));
    await c.until((e) => e.type === 'subscribed' && e.types === null);
    await t.api('POST', '/api/inject/src');
    await c.until((e) => e.type === 'debug');
  });

  it('refuses upgrades on other paths', async () => {
    t = await startTestRuntime();
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/other`);
    ws.on('error', () => undefined); // terminate() during the handshake reports an error; expected here
    const status = await new Promise<number>((resolve) =>
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      }),
    );
    expect(status).toBe(404);
  });

  it('closes clients when the runtime stops', async () => {
    t = await startTestRuntime();
    const c = await client(t.url);
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    await t.close();
    t = undefined;
    expect(await closed).toBe(1001);
  });
});

describe('parseSubscribe', () => {
  it('accepts known types or null and rejects anything else', () => {
    expect(parseSubscribe('{"subscribe":["debug","status"]}')).toEqual(['debug', 'status']);
    expect(parseSubscribe('{"subscribe":null}')).toBeNull();
    expect(parseSubscribe('{"subscribe":["debug","bogus"]}')).toBeUndefined();
    expect(parseSubscribe('{"subscribe":"debug"}')).toBeUndefined();
    expect(parseSubscribe('not json')).toBeUndefined();
  });
});
