import { describe, expect, it } from 'vitest';
import { applyChange } from './changes.js';
import { diffDocument } from './diff.js';
import { testFlows } from './test-fixtures.js';

describe('diffDocument', () => {
  it('is clean for the deployed flows, even as equal copies', () => {
    const flows = testFlows();
    expect(diffDocument(flows, flows).dirty).toBe(false);
    expect(diffDocument(structuredClone(flows), flows).dirty).toBe(false);
  });

  it('names the changed node and its flow', () => {
    const base = testFlows();
    const flows = applyChange(base, { type: 'update-node', flowId: 'f1', nodeId: 'b', patch: { config: { n: 5 } } });
    const d = diffDocument(flows, base);
    expect(d.dirty).toBe(true);
    expect([...d.modifiedFlows]).toEqual(['f1']);
    expect([...(d.modifiedNodes.get('f1') ?? [])]).toEqual(['b']);
  });

  it('sees removed wires, removed flows, new flows and reordering', () => {
    const base = testFlows();
    const noWire = applyChange(base, { type: 'remove-elements', flowId: 'f1', nodeIds: [], wireIds: ['a:0>b:0'] });
    expect([...diffDocument(noWire, base).modifiedFlows]).toEqual(['f1']);
    const removed = diffDocument([base[0]!], base);
    expect(removed).toMatchObject({ dirty: true, removedFlows: ['f2'] });
    expect(
      diffDocument([...base, { version: 1, id: 'f3', name: 'x', nodes: [], wires: [] }], base).modifiedFlows,
    ).toEqual(new Set(['f3']));
    expect(diffDocument([base[1]!, base[0]!], base).dirty).toBe(true);
  });
});
