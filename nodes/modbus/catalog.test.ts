import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { nodes } from './index.js';

describe('Modbus node catalog', () => {
  const registry = new NodeRegistry(nodes);

  it('lists every node with a README and the reference to the client', () => {
    expect(registry.types()).toEqual(['modbus-client', 'modbus-read', 'modbus-write']);
    for (const def of nodes) {
      expect(existsSync(fileURLToPath(new URL(`./${def.type}/README.md`, import.meta.url)))).toBe(true);
      if (!def.isConfig) expect(registry.get(def.type)?.configRefs).toEqual([{ key: 'client', type: 'modbus-client' }]);
    }
  });

  it('validates configs: ranges, equal scale ends, reconnect bounds', () => {
    const faults = (type: string, config: Record<string, unknown>) =>
      registry
        .get(type)
        ?.validateConfig(config)
        .map((f) => f.path.join('.'));
    expect(faults('modbus-read', { client: 'c' })).toEqual([]);
    expect(faults('modbus-read', { client: 'c', address: 70_000, quantity: 0 })).toEqual(['address', 'quantity']);
    expect(faults('modbus-read', { client: 'c', scale: { enabled: true, rawLow: 5, rawHigh: 5 } })).toEqual([
      'scale.rawHigh',
    ]);
    expect(faults('modbus-write', { client: 'c', area: 'input-registers' })).toEqual(['area']);
    expect(faults('modbus-client', { host: 'plc', reconnectMinMs: 500, reconnectMaxMs: 100 })).toEqual([
      'reconnectMaxMs',
    ]);
  });
});
