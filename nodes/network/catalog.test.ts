import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateFlow } from '@millwright/model';
import { NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { flowOf } from './testing/net-test-support.js';
import { nodes } from './index.js';
import { tcpInConfig } from './tcp-in/config.js';
import { websocketListenerConfig } from './websocket-listener/config.js';

describe('network node catalog', () => {
  const registry = new NodeRegistry(nodes);

  it('lists every node with a README; websocket nodes reference their endpoints', () => {
    expect(registry.catalog().map((e) => e.type)).toEqual([
      'tcp-in',
      'tcp-out',
      'tcp-request',
      'udp-in',
      'udp-out',
      'websocket-client',
      'websocket-in',
      'websocket-listener',
      'websocket-out',
    ]);
    for (const def of nodes)
      expect(existsSync(fileURLToPath(new URL(`./${def.type}/README.md`, import.meta.url)))).toBe(true);
    expect(registry.get('websocket-in')?.configRefs).toEqual([
      { key: 'listener', type: 'websocket-listener' },
      { key: 'client', type: 'websocket-client' },
    ]);
  });

  it('validates: a port is required, listeners default to loopback, the chosen endpoint must exist', () => {
    const check = (flow: ReturnType<typeof flowOf>) =>
      validateFlow(flow, { catalog: registry }).issues.map((i) => i.pathString);
    expect(check(flowOf([{ id: 'a', type: 'tcp-in', config: {} }]))).toEqual(['$.nodes[0].config.port']);
    expect(check(flowOf([{ id: 'a', type: 'tcp-out', config: { mode: 'client', host: 'x' } }]))).toEqual([
      '$.nodes[0].config.port',
    ]);
    expect(check(flowOf([{ id: 'a', type: 'websocket-in', config: { mode: 'client' } }]))).toEqual([
      '$.nodes[0].config.client',
    ]);
    expect(
      check(
        flowOf(
          [{ id: 'a', type: 'websocket-out', config: { listener: 'ep' } }],
          [],
          [{ id: 'ep', type: 'websocket-listener', config: { port: 8081 } }],
        ),
      ),
    ).toEqual([]);
    expect(websocketListenerConfig.parse({ port: 8081 })).toMatchObject({ host: '127.0.0.1', path: '/ws' });
    expect(tcpInConfig.parse({ port: 9000 })).toMatchObject({ mode: 'server', host: '127.0.0.1' });
  });
});
