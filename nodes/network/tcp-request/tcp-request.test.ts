import { createServer, type Server, type Socket } from 'node:net';
import { freePort, testNode, type NodeHarness } from '@millwright/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK } from '../testing/net-test-support.js';
import tcpRequest from './index.js';

/** A server whose answer depends on the request: "echo:x", "slow", "silent", "close", "stream". */
let server: Server;
let port: number;
const peers = new Set<Socket>();
beforeAll(async () => {
  port = await freePort();
  server = createServer((s) => {
    peers.add(s);
    s.on('close', () => peers.delete(s));
    s.on('data', (d: Buffer) => {
      const req = d.toString();
      if (req.startsWith('echo:')) s.write(`${req.slice(5)}\n`);
      else if (req === 'slow') {
        s.write('par');
        setTimeout(() => s.write('tial\nmore'), 30);
      } else if (req === 'close') s.end('bye');
      else if (req === 'hang up') s.destroy();
      else if (req === 'flood') s.write('y'.repeat(5_000));
      else if (req.startsWith('tick')) s.write(`tock${req.slice(4)}`);
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
});
afterAll(async () => {
  for (const p of peers) p.destroy();
  await new Promise((r) => server.close(r));
});

async function node(config: Record<string, unknown>, confinement = LOOPBACK): Promise<NodeHarness> {
  return testNode(tcpRequest, { config: { host: '127.0.0.1', port, format: 'utf8', ...config }, confinement });
}

describe('tcp-request', () => {
  it('returns at the delimiter, after a count, after a wait, or when the server closes; keeps the message fields', async () => {
    const char = await node({ returnAfter: 'char' });
    char.input({ payload: 'slow', topic: 'keep' });
    expect((await char.next())[0]).toMatchObject({ payload: 'partial\n', topic: 'keep' });
    const count = await node({ returnAfter: 'count', count: 4 });
    count.input({ payload: 'echo:abcdef' });
    expect((await count.next())[0]?.payload).toBe('abcd');
    const time = await node({ returnAfter: 'time', waitMs: 100 });
    time.input({ payload: 'slow' });
    expect((await time.next())[0]?.payload).toBe('partial\nmore');
    const closing = await node({ returnAfter: 'char' });
    closing.input({ payload: 'close' });
    expect((await closing.next())[0]?.payload).toBe('bye');
    const bytes = await node({ returnAfter: 'char', format: 'buffer' });
    bytes.input({ payload: new Uint8Array([0x65, 0x63, 0x68, 0x6f, 0x3a, 0x41]) });
    expect((await bytes.next())[0]?.payload).toEqual(new Uint8Array([0x41, 0x0a]));
    await Promise.all([char, count, time, closing, bytes].map((h) => h.stop()));
  });

  it('takes host and port from the message when the node has none', async () => {
    const h = await testNode(tcpRequest, { config: { returnAfter: 'char', format: 'utf8' }, confinement: LOOPBACK });
    h.input({ payload: 'echo:via msg', host: '127.0.0.1', port });
    expect((await h.next())[0]?.payload).toBe('via msg\n');
    h.input({ payload: 'x' });
    await expect.poll(() => h.errors()[0]?.error.code).toBe('tcp_no_host');
    await h.stop();
  });

  it('reports timeouts, hang-ups, oversize answers, refused ports and denied destinations with codes, and goes on', async () => {
    const h = await node({ returnAfter: 'char', timeoutMs: 200, maxMessageBytes: 1_000 });
    h.input({ payload: 'silent' });
    h.input({ payload: 'hang up' });
    h.input({ payload: 'flood' });
    await expect
      .poll(() => h.errors().map((e) => e.error.code))
      .toEqual(['tcp_request_timeout', 'tcp_no_answer', 'net_frame_too_large']);
    h.input({ payload: 'echo:still here' });
    expect((await h.next())[0]?.payload).toBe('still here\n');
    await h.stop();

    const closedPort = await freePort();
    const refused = await node({ port: closedPort });
    refused.input({ payload: 'x' });
    await expect
      .poll(() => refused.errors()[0]?.error)
      .toMatchObject({ code: 'tcp_connect_failed', kind: 'operational' });
    await refused.stop();

    const denied = await testNode(tcpRequest, { config: { host: 'localhost', port } });
    denied.input({ payload: 'echo:x' });
    await expect.poll(() => denied.errors()[0]?.error).toMatchObject({ code: 'outbound_denied', kind: 'user' });
    await denied.stop();
  });

  it('stream keeps the connection open and sends every chunk; immediate passes the input on', async () => {
    const h = await node({ returnAfter: 'stream' });
    h.input({ payload: 'tick1', topic: 'a' });
    await h.next(1);
    h.input({ payload: 'tick2', topic: 'b' });
    const msgs = await h.next(2);
    expect(msgs.map((m) => [m.payload, m.topic])).toEqual([
      ['tock1', 'a'],
      ['tock2', 'b'],
    ]);
    expect(peers.size).toBe(1);
    await h.stop();

    const now = await node({ returnAfter: 'immediate' });
    now.input({ payload: 'echo:ignored', topic: 'x' });
    expect((await now.next())[0]).toMatchObject({ payload: 'echo:ignored', topic: 'x' });
    await now.stop();
  });
});
