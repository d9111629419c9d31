import { describe, expect, it } from 'vitest';
import type { Flow } from './flow.js';
import { sameContent, serializeFlow } from './serialize-flow.js';
import { migrateFlow } from './migrate-flow.js';
import type { NodeCatalog } from './node-type-info.js';

const flow: Flow = {
  wires: [],
  nodes: [{ position: { y: 2, x: 1 }, config: { b: 1, a: { d: 1, c: 2 } }, typeVersion: 1, type: 'fn', id: 'n1' }],
  name: 'F',
  id: 'f',
  version: 1,
};

describe('serializeFlow', () => {
  it('writes sorted keys with two-space indent and a trailing newline, whatever the input order', () => {
    const text = serializeFlow(flow);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "id": "f",');
    expect(text.indexOf('"c"')).toBeLessThan(text.indexOf('"d"'));
    const reordered = JSON.parse(text) as Flow;
    expect(serializeFlow(reordered)).toBe(text);
    expect(sameContent(flow, reordered)).toBe(true);
  });
});

describe('migrateFlow', () => {
  const catalog: NodeCatalog = {
    get: (t) =>
      t === 'fn'
        ? {
            type: 'fn',
            version: 3,
            isConfig: false,
            inputs: 1,
            outputCount: () => 1,
            validateConfig: () => [],
            configRefs: [],
            migrate: (from, c) => (from === 1 ? { ...c, renamed: c['b'] } : { ...c, v3: true }),
          }
        : undefined,
  };

  it('upgrades a node one version at a time and leaves the input alone', () => {
    const r = migrateFlow(flow, catalog);
    expect(r.issues).toEqual([]);
    expect(r.steps).toEqual([{ nodeId: 'n1', type: 'fn', from: 1, to: 3 }]);
    expect(r.flow.nodes[0]).toMatchObject({ typeVersion: 3, config: { b: 1, renamed: 1, v3: true } });
    expect(flow.nodes[0]?.typeVersion).toBe(1);
  });

  it('reports a failing migration with the node path', () => {
    const broken: NodeCatalog = {
      get: (t) => ({
        ...(catalog.get(t) as NonNullable<ReturnType<NodeCatalog['get']>>),
        migrate: () => {
          throw new Error('bad');
        },
      }),
    };
    const r = migrateFlow(flow, broken);
    expect(r.issues[0]).toMatchObject({ pathString: '$.nodes[0].config', code: 'migration_failed' });
  });
});
