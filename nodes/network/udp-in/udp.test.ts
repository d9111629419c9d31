import { createSocket } from 'node:dgram';
import { freePort, testNode } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { LOOPBACK } from '../testing/net-test-support.js';
import udpOut from '../udp-out/index.js';
import udpIn from './index.js';

describe('udp-in and udp-out', () => {
  it('udp-out sends datagrams that udp-in receives, with the sender; bad input is a coded error and sending goes on', async () => {
    const port = await freePort();
    const rx = await testNode(udpIn, { config: { port, format: 'utf8' } });
    const tx = await testNode(udpOut, { config: { host: '127.0.0.1', port }, confinement: LOOPBACK });
    tx.input({ payload: 'one' });
    tx.input({ payload: { two: 2 } });
    tx.input({ payload: 'x'.repeat(70_000) });
    tx.input({ payload: 'three' });
    const msgs = await rx.next(3);
    expect(msgs.map((m) => m.payload).sort()).toEqual(['one', 'three', '{"two":2}']);
    expect(msgs[0]).toMatchObject({ ip: '127.0.0.1', fromip: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    await expect.poll(() => tx.errors()[0]?.error.code).toBe('udp_too_large');
    await Promise.all([rx.stop(), tx.stop()]);
  });

  it('udp-out takes msg.ip / msg.port, and refuses destinations the outbound policy denies', async () => {
    const port = await freePort();
    const got: string[] = [];
    const server = createSocket('udp4').on('message', (d) => got.push(d.toString()));
    await new Promise<void>((r) => server.bind(port, '127.0.0.1', r));
    const tx = await testNode(udpOut, { config: {}, confinement: LOOPBACK });
    tx.input({ payload: 'to msg', ip: '127.0.0.1', port });
    tx.input({ payload: 'nowhere' });
    await expect.poll(() => got).toEqual(['to msg']);
    await expect.poll(() => tx.errors()[0]?.error.code).toBe('udp_no_host');
    const denied = await testNode(udpOut, { config: { host: 'localhost', port } });
    denied.input({ payload: 'x' });
    await expect.poll(() => denied.errors()[0]?.error).toMatchObject({ code: 'outbound_denied', kind: 'user' });
    await Promise.all([tx.stop(), denied.stop()]);
    server.close();
  });

  it('udp-in fails to start on a port in use, naming it', async () => {
    const port = await freePort();
    const first = await testNode(udpIn, { config: { port } });
    const second = await testNode(udpIn, { config: { port } });
    expect(second.errors()[0]?.error).toMatchObject({ code: 'net_port_in_use' });
    await Promise.all([first.stop(), second.stop()]);
  });
});
