import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateFlow } from '@millwright/model';
import { NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { nodes } from './index.js';

describe('OPC UA node catalog', () => {
  const registry = new NodeRegistry(nodes);

  it('lists every node with JSON Schema, a README and config references to the endpoint', () => {
    const catalog = registry.catalog();
    expect(catalog.map((e) => e.type)).toEqual([
      'opcua-browse',
      'opcua-endpoint',
      'opcua-events',
      'opcua-history',
      'opcua-method',
      'opcua-read',
      'opcua-subscribe',
      'opcua-write',
    ]);
    for (const def of nodes) {
      expect(existsSync(fileURLToPath(new URL(`./${def.type}/README.md`, import.meta.url)))).toBe(true);
      if (!def.isConfig)
        expect(registry.get(def.type)?.configRefs).toEqual([{ key: 'endpoint', type: 'opcua-endpoint' }]);
    }
    expect(registry.get('opcua-endpoint')?.isConfig).toBe(true);
  });

  it('validates a flow: node configs and the reference to the endpoint', () => {
    const flow = (config: Record<string, unknown>) => ({
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [{ id: 'sub', type: 'opcua-subscribe', typeVersion: 1, position: { x: 0, y: 0 }, config }],
      wires: [],
      configs: [
        { id: 'plc', type: 'opcua-endpoint', typeVersion: 1, config: { endpointUrl: 'opc.tcp://127.0.0.1:4840' } },
      ],
    });
    const items = [{ nodeId: 'ns=1;s=Line1.WorkOrder' }];
    expect(validateFlow(flow({ endpoint: 'plc', items }), { catalog: registry }).ok).toBe(true);
    const noItems = validateFlow(flow({ endpoint: 'plc', items: [] }), { catalog: registry });
    expect(noItems.issues.map((i) => i.pathString)).toEqual(['$.nodes[0].config.items']);
    const dangling = validateFlow(flow({ endpoint: 'elsewhere', items }), { catalog: registry });
    expect(dangling.issues.map((i) => i.pathString)).toEqual(['$.nodes[0].config.endpoint']);
  });
});
