import { catalogEntry, NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { nodes } from './index.js';

describe('@millwright/nodes-mes', () => {
  it('registers every node with a catalog entry the editor can build a form from', () => {
    const registry = new NodeRegistry(nodes);
    expect(nodes.map((n) => n.type)).toEqual([
      'quality-check',
      'oee',
      'trace-record',
      'trace-query',
      'inventory-movement',
      'quality-event',
    ]);
    for (const def of nodes) {
      expect(registry.definition(def.type)).toBe(def);
      const entry = catalogEntry(def);
      expect(entry.category).toBe('mes');
      expect(entry.configSchema).toMatchObject({ type: 'object' });
    }
  });

  it('every node but quality-check deploys with its defaults (quality-check needs characteristics)', () => {
    for (const def of nodes) {
      const parsed = def.config.safeParse({});
      expect(parsed.success, def.type).toBe(def.type !== 'quality-check');
    }
  });
});
