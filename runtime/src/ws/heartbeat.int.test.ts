import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventBus } from '../events/event-bus.js';
import { EventStream } from './event-stream.js';

let server: Server | undefined;
let stream: EventStream | undefined;
afterEach(async () => {
  await stream?.close();
  await new Promise((resolve) => server?.close(resolve));
  server = stream = undefined;
});

async function listen(heartbeatMs: number): Promise<string> {
  server = createServer();
  stream = new EventStream({
    server,
    bus: new EventBus(),
    logger: pino({ level: 'silent' }),
    authorize: () => ({ types: new Set(['debug', 'status', 'error', 'log', 'flow-state', 'deploy'] as const) }),
    heartbeatMs,
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/events`;
}

describe('event stream heartbeat', () => {
  it('keeps clients that answer pings and drops those that do not', async () => {
    const url = await listen(40);
    const live = new WebSocket(url);
    const dead = new WebSocket(url, { autoPong: false });
    await Promise.all([live, dead].map((ws) => new Promise((resolve) => ws.once('open', resolve))));
    expect(stream!.clientCount).toBe(2);
    const deadClosed = new Promise((resolve) => dead.once('close', resolve));
    await deadClosed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stream!.clientCount).toBe(1);
    expect(live.readyState).toBe(WebSocket.OPEN);
    live.terminate();
  });
});
