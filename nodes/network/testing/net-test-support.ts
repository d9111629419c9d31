import { connect, type Socket } from 'node:net';
import type { Flow } from '@millwright/model';
import { DEFAULT_OUTBOUND_DENY, type Confinement } from '@millwright/sdk';

/** The default outbound policy plus loopback allowed: the tests' servers live on 127.0.0.1. */
export const LOOPBACK: Confinement = {
  fileRoots: [],
  outbound: { allow: ['127.0.0.1', 'localhost'], deny: [...DEFAULT_OUTBOUND_DENY] },
};

/** A flow of `nodes` ({ id, type, config }) wired by `wires` ([from, to] pairs on port 0). */
export function flowOf(
  nodes: Array<{ id: string; type: string; config?: Record<string, unknown> }>,
  wires: Array<[string, string]> = [],
  configs: Array<{ id: string; type: string; config: Record<string, unknown> }> = [],
): Flow {
  return {
    version: 1,
    id: 'net-test',
    name: 'net test',
    nodes: nodes.map((n) => ({ ...n, typeVersion: 1, config: n.config ?? {}, position: { x: 0, y: 0 } })),
    wires: wires.map(([from, to]) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } })),
    configs: configs.map((c) => ({ ...c, typeVersion: 1 })),
  };
}

/** A connected TCP client with everything it received collected. */
export async function tcpClient(
  port: number,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.on('data', (c: Buffer) => (data += c.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => data, closed };
}
