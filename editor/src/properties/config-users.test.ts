import type { Flow, NodeCatalogEntry } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { configUsers } from './config-users.js';

const entry = (type: string, props: Record<string, unknown> = {}): NodeCatalogEntry => ({
  type,
  version: 1,
  category: 'x',
  label: type,
  description: '',
  isConfig: false,
  inputs: 1,
  outputs: [],
  configSchema: { type: 'object', properties: props },
  defaults: {},
});
const catalog = new Map([
  ['read', entry('read', { endpoint: { type: 'string', configRef: 'endpoint' } })],
  ['endpoint', { ...entry('endpoint'), isConfig: true }],
]);
const node = (id: string, config: Record<string, unknown>) => ({
  id,
  type: 'read',
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});

describe('configUsers', () => {
  it('finds the users of a config node in every flow; unused ones have none', () => {
    const flows: Flow[] = [
      {
        version: 1,
        id: 'f1',
        name: 'Production',
        nodes: [node('r1', { endpoint: 'plc' }), node('r2', { endpoint: '' })],
        wires: [],
        configs: [
          { id: 'plc', type: 'endpoint', typeVersion: 1, config: {} },
          { id: 'old', type: 'endpoint', typeVersion: 1, config: {} },
        ],
      },
      { version: 1, id: 'f2', name: 'Orders', nodes: [node('r3', { endpoint: 'plc' })], wires: [] },
    ];
    const users = configUsers(flows, catalog);
    expect(users.get('plc')).toEqual([
      { flowId: 'f1', flowName: 'Production', nodeId: 'r1' },
      { flowId: 'f2', flowName: 'Orders', nodeId: 'r3' },
    ]);
    expect(users.get('old')).toBeUndefined();
  });
});
