import { describe, expect, it } from 'vitest';
import { mergeFlow, serializeMergedFlow } from './flow-merge.js';

type J = Record<string, unknown>;
const n = (id: string, config: J = {}, extra: J = {}): J => ({
  id,
  type: 'fn',
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
  ...extra,
});
const w = (a: string, b: string): J => ({ from: { node: a, port: 0 }, to: { node: b, port: 0 } });
const f = (nodes: J[], wires: J[] = [], extra: J = {}): J => ({
  version: 1,
  id: 'f',
  name: 'F',
  nodes,
  wires,
  ...extra,
});
const paths = (r: ReturnType<typeof mergeFlow>) => r.conflicts.map((c) => c.pathString);

describe('mergeFlow', () => {
  const base = f([n('a', { x: 1, y: 1 }), n('b')], [w('a', 'b')]);

  it('merges different fields of one node and different nodes, keeping ours order', () => {
    const r = mergeFlow(
      base,
      f([n('a', { x: 2, y: 1 }), n('b')], [w('a', 'b')]),
      f([n('a', { x: 1, y: 3 }), n('b', {}, { name: 'B' })], [w('a', 'b')]),
    );
    expect(paths(r)).toEqual([]);
    expect(r.flow['nodes']).toEqual([n('a', { x: 2, y: 3 }), n('b', {}, { name: 'B' })]);
  });

  it('reports the same field changed differently, keeping ours', () => {
    const r = mergeFlow(
      base,
      f([n('a', { x: 2, y: 1 }), n('b')], [w('a', 'b')]),
      f([n('a', { x: 3, y: 1 }), n('b')], [w('a', 'b')]),
    );
    expect(r.conflicts).toEqual([
      { path: ['nodes', { id: 'a' }, 'config', 'x'], pathString: '$.nodes["a"].config.x', base: 1, ours: 2, theirs: 3 },
    ]);
    expect(JSON.parse(serializeMergedFlow(r))).toMatchObject({
      nodes: [{ config: { x: 2 } }, {}],
      conflicts: [{ ours: 2 }],
    });
  });

  it('merges wires as sets and leaves out a wire to a node the other side removed, as a conflict', () => {
    const ours = f([n('a', { x: 1, y: 1 }), n('b'), n('c')], [w('a', 'b'), w('a', 'c')]);
    const theirs = f([n('a', { x: 1, y: 1 })], []);
    const r = mergeFlow(base, ours, theirs);
    expect(r.flow['nodes']).toEqual([n('a', { x: 1, y: 1 }), n('c')]);
    expect(r.flow['wires']).toEqual([w('a', 'c')]);
    const both = mergeFlow(
      base,
      f([n('a', { x: 1, y: 1 })]),
      f([n('a', { x: 1, y: 1 }), n('b')], [w('a', 'b'), w('b', 'a')]),
    );
    expect(paths(both)).toEqual(['$.wires["b:0->a:0"]']);
    expect(both.flow['wires']).toEqual([]);
  });

  it('keeps a node removed on one side and changed on the other, as a conflict; positions are one value', () => {
    const r = mergeFlow(
      base,
      f([n('a', { x: 1, y: 1 })], []),
      f([n('a', { x: 1, y: 1 }, { position: { x: 5, y: 0 } }), n('b', { z: 1 })], [w('a', 'b')]),
    );
    expect(paths(r)).toEqual(['$.nodes["b"]']);
    expect(r.flow['nodes']).toEqual([n('a', { x: 1, y: 1 }, { position: { x: 5, y: 0 } }), n('b', { z: 1 })]);
    const moved = mergeFlow(
      base,
      f([n('a', { x: 1, y: 1 }, { position: { x: 5, y: 0 } }), n('b')]),
      f([n('a', { x: 1, y: 1 }, { position: { x: 0, y: 5 } }), n('b')]),
    );
    expect(paths(moved)).toEqual(['$.nodes["a"].position']);
  });

  it('merges two added versions of a flow without a base, and keeps conflicts ours still has open', () => {
    const r = mergeFlow(undefined, f([n('a')], [], { conflicts: [{ pathString: '$.name' }] }), f([n('a'), n('b')]));
    expect(r.flow['nodes']).toEqual([n('a'), n('b')]);
    expect(JSON.parse(serializeMergedFlow(r)).conflicts).toEqual([{ pathString: '$.name' }]);
  });
});
