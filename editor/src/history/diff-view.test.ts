import { diffFlows, type Flow } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { testFlows } from '../store/test-fixtures.js';
import { changeCount, diffCanvasFlow, fieldPath, initialDiffFlow, nodeMarks } from './diff-view.js';

/** f1: a -> b, then: a's config changed, b moved, c added and wired a -> c, f2 removed, f3 added. */
function edited(): Flow[] {
  const [f1] = testFlows();
  if (!f1) throw new Error('fixture');
  const [a, b] = f1.nodes;
  if (!a || !b) throw new Error('fixture');
  return [
    {
      ...f1,
      nodes: [
        { ...a, config: { n: 5 } },
        { ...b, position: { x: 300, y: 40 } },
        { id: 'c', type: 'debug', typeVersion: 1, config: {}, position: { x: 200, y: 100 } },
      ],
      wires: [{ from: { node: 'a', port: 0 }, to: { node: 'c', port: 0 } }],
    },
    { version: 1, id: 'f3', name: 'Three', nodes: [], wires: [] },
  ];
}

function view(before: Flow[], after: Flow[]) {
  return {
    before: { id: 's1', label: 'one', flows: before },
    after: { id: 'canvas', label: 'canvas', flows: after },
    diff: diffFlows(before, after),
  };
}

describe('diffCanvasFlow', () => {
  it('marks changed, moved and added nodes of the after side and brings removed ones back as ghosts', () => {
    const before = testFlows();
    const after = edited();
    const f1 = before[0];
    if (!f1) throw new Error('fixture');
    // b is removed from the after side, so it comes back only as a ghost
    const afterNoB = after.map((f) => (f.id === 'f1' ? { ...f, nodes: f.nodes.filter((n) => n.id !== 'b') } : f));
    const v = diffCanvasFlow(view(before, afterNoB), 'f1');
    expect(v.kind).toBe('changed');
    expect(v.nodes.map((n) => [n.node.id, n.mark])).toEqual([
      ['a', 'changed'],
      ['c', 'added'],
      ['b', 'removed'],
    ]);
    // the ghost keeps its old position
    expect(v.nodes.find((n) => n.node.id === 'b')?.node.position).toEqual({ x: 200, y: 0 });
    expect(v.wires.map((w) => [`${w.wire.from.node}>${w.wire.to.node}`, w.mark])).toEqual([
      ['a>c', 'added'],
      ['a>b', 'removed'],
    ]);
  });

  it('tells a node that only moved from one whose fields changed', () => {
    const v = diffCanvasFlow(view(testFlows(), edited()), 'f1');
    expect(Object.fromEntries(v.nodes.map((n) => [n.node.id, n.mark]))).toEqual({
      a: 'changed',
      b: 'moved',
      c: 'added',
    });
  });

  it('draws an added flow all added and a removed flow all ghosts', () => {
    const before = testFlows();
    const gone = diffCanvasFlow(view(before, []), 'f1');
    expect(gone.kind).toBe('removed');
    expect(gone.nodes.map((n) => n.mark)).toEqual(['removed', 'removed']);
    expect(gone.wires.map((w) => w.mark)).toEqual(['removed']);
    const fresh = diffCanvasFlow(view([], before), 'f1');
    expect(fresh.kind).toBe('added');
    expect(fresh.nodes.map((n) => n.mark)).toEqual(['added', 'added']);
    expect(fresh.wires.map((w) => w.mark)).toEqual(['added']);
  });

  it('leaves an unchanged flow unmarked', () => {
    const v = diffCanvasFlow(view(testFlows(), testFlows()), 'f1');
    expect(v.kind).toBe('unchanged');
    expect(v.nodes.every((n) => n.mark === undefined)).toBe(true);
    expect(v.wires.every((w) => w.mark === undefined)).toBe(true);
  });
});

describe('diff helpers', () => {
  const diff = diffFlows(testFlows(), edited());

  it('nodeMarks maps each node change to its mark', () => {
    expect([...nodeMarks(diff.flows.find((f) => f.id === 'f1'))]).toEqual([
      ['a', 'changed'],
      ['b', 'moved'],
      ['c', 'added'],
    ]);
    expect(nodeMarks(undefined).size).toBe(0);
  });

  it('initialDiffFlow prefers the active tab when it changed', () => {
    expect(initialDiffFlow(diff, 'f1')).toBe('f1');
    expect(initialDiffFlow(diff, 'elsewhere')).toBe(diff.flows[0]?.id);
    expect(initialDiffFlow({ flows: [], unchanged: 2 }, 'f2')).toBe('f2');
  });

  it('changeCount counts nodes and wires of a changed flow, nodes of an added or removed one', () => {
    const counts = Object.fromEntries(diff.flows.map((f) => [f.id, [f.kind, changeCount(f)]]));
    // f1: a, b, c + wire a>c added + wire a>b removed
    expect(counts).toEqual({ f1: ['changed', 5], f2: ['removed', 0], f3: ['added', 0] });
  });

  it('fieldPath is relative to the node, as millwright diff prints it', () => {
    const a = diff.flows[0]?.nodes.find((n) => n.id === 'a');
    expect(a?.fields.map((f) => [f.pathString, fieldPath(f)])).toEqual([['$.nodes["a"].config.n', 'config.n']]);
    const renamed = diffFlows(testFlows(), [{ ...testFlows()[0]!, info: 'x' } as Flow]);
    expect(renamed.flows[0]?.settings.map(fieldPath)).toEqual(['info']);
  });
});
