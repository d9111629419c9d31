import { createServer, type Socket } from 'node:net';
import { freePort, testNode } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { LOOPBACK, tcpClient } from '../testing/net-test-support.js';
import tcpOut from './index.js';

/** A TCP server collecting what each connection sent. */
async function collector() {
  const port = await freePort();
  const got: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    let data = '';
    s.on('data', (d: Buffer) => (data += d.toString()));
    s.on('close', () => {
      sockets.delete(s);
      got.push(data);
    });
  }).listen(port, '127.0.0.1');
  const stop = () => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((r) => server.close(() => r()));
  };
  return { port, got, sockets, stop };
}

describe('tcp-out', () => {
  it('client, one connection per message: JSON for objects, base64 decoded when asked', async () => {
    const c = await collector();
    const h = await testNode(tcpOut, {
      config: { mode: 'client', host: '127.0.0.1', port: c.port, closeAfterSend: true },
      confinement: LOOPBACK,
    });
    h.input({ payload: { a: 1 } });
    h.input({ payload: 'text' });
    await expect.poll(() => c.got).toEqual(['{"a":1}', 'text']);
    await h.stop();
    const b64 = await testNode(tcpOut, {
      config: { mode: 'client', host: '127.0.0.1', port: c.port, closeAfterSend: true, decodeBase64: true },
      confinement: LOOPBACK,
    });
    b64.input({ payload: Buffer.from('raw').toString('base64') });
    b64.input({ payload: 'not base64!' });
    await expect.poll(() => c.got).toHaveLength(3);
    expect(c.got[2]).toBe('raw');
    await expect.poll(() => b64.errors()[0]?.error.code).toBe('net_bad_base64');
    await b64.stop();
    await c.stop();
  });

  it('client, kept open: not connected is an error, then it reconnects and sends', async () => {
    const port = await freePort();
    const h = await testNode(tcpOut, {
      config: { mode: 'client', host: '127.0.0.1', port, reconnectMs: 100, reconnectMaxMs: 200 },
      confinement: LOOPBACK,
    });
    h.input({ payload: 'early' });
    await expect.poll(() => h.errors()[0]?.error).toMatchObject({ code: 'net_not_connected', kind: 'operational' });
    const got: string[] = [];
    const server = createServer((s) => s.on('data', (d: Buffer) => got.push(d.toString()))).listen(port, '127.0.0.1');
    await expect.poll(() => h.statuses().at(-1)?.status?.text, { timeout: 3_000 }).toBe('connected');
    h.input({ payload: 'late' });
    await expect.poll(() => got.join('')).toBe('late');
    await h.stop();
    server.close();
  });

  it('server: every connected client gets each message', async () => {
    const port = await freePort();
    const h = await testNode(tcpOut, { config: { mode: 'server', port } });
    const a = await tcpClient(port);
    const b = await tcpClient(port);
    await expect.poll(() => h.statuses().at(-1)?.status?.text).toMatch(/2 connected/);
    h.input({ payload: 'all' });
    await expect.poll(() => [a.received(), b.received()]).toEqual(['all', 'all']);
    await h.stop();
    await Promise.all([a.closed, b.closed]);
  });
});
