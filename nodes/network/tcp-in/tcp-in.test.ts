import { createServer, type Socket } from 'node:net';
import { nodes as coreNodes } from '@millwright/nodes-core';
import { freePort, runFlow, testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { flowOf, LOOPBACK, tcpClient } from '../testing/net-test-support.js';
import tcpOut from '../tcp-out/index.js';
import tcpIn from './index.js';

const catchNode = coreNodes.find((n) => n.type === 'catch') as (typeof coreNodes)[number];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('tcp-in server', () => {
  it('sends a message per line with the session, and a peer that overruns the limit is cut while others go on', async () => {
    const port = await freePort();
    const h = await runFlow(
      flowOf([
        {
          id: 'in',
          type: 'tcp-in',
          config: { port, delimiter: '\\n', format: 'utf8', maxMessageBytes: 32, topic: 't' },
        },
        { id: 'catch', type: 'catch' },
      ]),
      [tcpIn, catchNode],
    );
    stops.push(() => h.stop());
    const a = await tcpClient(port);
    a.socket.write('first\nsecond\nthi');
    a.socket.end('rd');
    const msgs = await h.waitForOutputs('in', 3);
    expect(msgs.map((m) => m.payload)).toEqual(['first', 'second', 'third']);
    expect(msgs[0]).toMatchObject({ topic: 't', ip: '127.0.0.1', _session: { type: 'tcp' } });

    const bad = await tcpClient(port);
    bad.socket.write('x'.repeat(100));
    await bad.closed;
    const [caught] = await h.waitForOutputs('catch', 1);
    expect(caught?.error).toMatchObject({ code: 'net_frame_too_large', kind: 'user' });
    expect(h.errors('in')[0]?.caught).toBe(true);

    const c = await tcpClient(port);
    c.socket.end('after\n');
    expect((await h.waitForOutputs('in', 4))[3]?.payload).toBe('after');
  });

  it('single mode: one message per connection, as bytes', async () => {
    const port = await freePort();
    const h = await testNode(tcpIn, { config: { port, output: 'single' } });
    stops.push(() => h.stop());
    const a = await tcpClient(port);
    a.socket.write(Buffer.from([1, 2]));
    a.socket.end(Buffer.from([3]));
    const [m] = await h.next();
    expect(m?.payload).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuses clients beyond maxConnections and fails to start on a port in use', async () => {
    const port = await freePort();
    const h = await testNode(tcpIn, { config: { port, maxConnections: 1 } });
    stops.push(() => h.stop());
    const first = await tcpClient(port);
    const second = await tcpClient(port);
    await second.closed;
    expect(first.socket.destroyed).toBe(false);
    first.socket.destroy();

    const taken = await testNode(tcpIn, { config: { port } });
    stops.push(() => taken.stop());
    expect(taken.errors()[0]?.error).toMatchObject({ code: 'net_port_in_use' });
  });

  it('echoes through tcp-out reply; a reply to a closed session is tcp_session_closed and the flow goes on', async () => {
    const port = await freePort();
    const h = await runFlow(
      flowOf(
        [
          { id: 'in', type: 'tcp-in', config: { port, delimiter: '\\n', format: 'utf8' } },
          { id: 'out', type: 'tcp-out', config: { mode: 'reply' } },
        ],
        [['in', 'out']],
      ),
      [tcpIn, tcpOut],
    );
    stops.push(() => h.stop());
    const a = await tcpClient(port);
    a.socket.write('ping\n');
    await expect.poll(a.received).toBe('ping');
    const [first] = h.outputs('in');
    a.socket.destroy();
    await expect.poll(() => h.statuses('in').at(-1)?.status?.text).toMatch(/0 connected/);
    h.send('out', { ...first, payload: 'late' });
    await expect.poll(() => h.errors('out')[0]?.error.code).toBe('tcp_session_closed');
    const b = await tcpClient(port);
    b.socket.write('again\n');
    await expect.poll(b.received).toBe('again');
  });
});

describe('tcp-in client', () => {
  it('connects, reconnects after the server drops it, and respects the outbound policy', async () => {
    const port = await freePort();
    const peers: Socket[] = [];
    const server = createServer((s) => {
      peers.push(s);
      s.write('hello\n');
    }).listen(port, '127.0.0.1');
    stops.push(() => new Promise((r) => server.close(() => r())));
    const h = await testNode(tcpIn, {
      config: { mode: 'client', host: '127.0.0.1', port, delimiter: '\\n', format: 'utf8', reconnectMs: 100 },
      confinement: LOOPBACK,
    });
    stops.push(() => h.stop());
    await h.next(1);
    peers[0]?.destroy();
    const msgs = await h.next(2, { timeoutMs: 3_000 });
    expect(msgs.map((m) => m.payload)).toEqual(['hello', 'hello']);
    expect(h.statuses().map((s) => s.status?.text)).toContain('disconnected: connection closed by the peer');

    // Without a policy loopback is denied: the node says why and does not retry.
    const denied = await testNode(tcpIn, { config: { mode: 'client', host: '127.0.0.1', port } });
    stops.push(() => denied.stop());
    await expect.poll(() => denied.statuses().at(-1)?.status).toMatchObject({ fill: 'red', shape: 'dot' });
    expect(denied.statuses().at(-1)?.status?.text).toMatch(/outbound connection refused/);
    expect(peers).toHaveLength(2);
  });
});
