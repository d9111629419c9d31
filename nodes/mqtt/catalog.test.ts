import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateFlow } from '@millwright/model';
import { NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { nodes } from './index.js';

describe('MQTT node catalog', () => {
  const registry = new NodeRegistry(nodes);

  it('lists every node with JSON Schema, a README and config references to the endpoint', () => {
    const catalog = registry.catalog();
    expect(catalog.map((e) => e.type)).toEqual([
      'mqtt-broker',
      'mqtt-in',
      'mqtt-out',
      'sparkplug-host',
      'sparkplug-in',
      'sparkplug-out',
    ]);
    for (const def of nodes) {
      expect(existsSync(fileURLToPath(new URL(`./${def.type}/README.md`, import.meta.url)))).toBe(true);
      if (!def.isConfig) expect(registry.get(def.type)?.configRefs).toEqual([{ key: 'broker', type: 'mqtt-broker' }]);
    }
    expect(registry.get('mqtt-broker')?.isConfig).toBe(true);
  });

  it('validates a flow: node configs and the reference to the broker', () => {
    const flow = (config: Record<string, unknown>) => ({
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [{ id: 'in', type: 'mqtt-in', typeVersion: 1, position: { x: 0, y: 0 }, config }],
      wires: [],
      configs: [{ id: 'uns', type: 'mqtt-broker', typeVersion: 1, config: { url: 'mqtt://127.0.0.1:1883' } }],
    });
    expect(validateFlow(flow({ broker: 'uns', topic: 'a/+/b/#' }), { catalog: registry }).ok).toBe(true);
    const badFilter = validateFlow(flow({ broker: 'uns', topic: 'a/#/b' }), { catalog: registry });
    expect(badFilter.issues.map((i) => i.pathString)).toEqual(['$.nodes[0].config.topic']);
    const dangling = validateFlow(flow({ broker: 'elsewhere', topic: 'x' }), { catalog: registry });
    expect(dangling.issues.map((i) => i.pathString)).toEqual(['$.nodes[0].config.broker']);
  });
});
