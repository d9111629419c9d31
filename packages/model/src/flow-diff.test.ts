import { describe, expect, it } from 'vitest';
import type { Flow, FlowNode } from './flow.js';
import { diffFlows } from './flow-diff.js';
import { formatFlowDiff } from './flow-diff-text.js';

const node = (id: string, config: Record<string, unknown> = {}, x = 0): FlowNode => ({
  id,
  type: 'fn',
  typeVersion: 1,
  config,
  position: { x, y: 0 },
});
const flow = (id: string, nodes: FlowNode[], extra: Partial<Flow> = {}): Flow => ({
  version: 1,
  id,
  name: id,
  nodes,
  wires: [],
  ...extra,
});

describe('diffFlows', () => {
  it('reports flows added, removed, renamed and settings with their paths', () => {
    const d = diffFlows(
      [flow('a', []), flow('b', [node('n1')])],
      [flow('b', [node('n1')], { name: 'B', placement: { mode: 'all' } }), flow('c', [node('n2'), node('n3')])],
    );
    expect(d.flows.map((f) => [f.kind, f.id])).toEqual([
      ['removed', 'a'],
      ['changed', 'b'],
      ['added', 'c'],
    ]);
    expect(d.flows[1]?.renamed).toEqual({ from: 'b', to: 'B' });
    expect(d.flows[1]?.settings).toEqual([
      { kind: 'added', path: ['placement'], pathString: '$.placement', after: { mode: 'all' } },
    ]);
    expect(d.flows[2]?.nodeCount).toBe(2);
    expect(d.unchanged).toBe(0);
  });

  it('reports nodes added, removed, moved and config fields with id paths, not list order', () => {
    const before = flow('f', [node('n1', { a: 1, list: [1, 2], deep: { k: 'x' } }), node('n2')]);
    const after = flow('f', [
      node('n3'),
      node('n1', { a: 2, list: [1, 3], deep: { k: 'x', j: true }, gone: undefined }, 40),
    ]);
    after.wires = [{ from: { node: 'n3', port: 0 }, to: { node: 'n1', port: 0 } }];
    const [f] = diffFlows([before], [after]).flows;
    expect(f?.nodes.map((n) => [n.kind, n.id])).toEqual([
      ['changed', 'n1'],
      ['removed', 'n2'],
      ['added', 'n3'],
    ]);
    const n1 = f?.nodes[0];
    expect(n1?.moved).toEqual({ from: { x: 0, y: 0 }, to: { x: 40, y: 0 } });
    expect(n1?.fields.map((c) => [c.pathString, c.before, c.after])).toEqual([
      ['$.nodes["n1"].config.a', 1, 2],
      ['$.nodes["n1"].config.deep.j', undefined, true],
      ['$.nodes["n1"].config.list[1]', 2, 3],
    ]);
    expect(f?.wires.added).toHaveLength(1);
    expect(formatFlowDiff(diffFlows([before], [after]))).toEqual([
      '~ flow f "f"',
      '  ~ node n1 (fn)',
      '      moved (0, 0) → (40, 0)',
      '      config.a: 1 → 2',
      '      config.deep.j: + true',
      '      config.list[1]: 2 → 3',
      '  - node n2 (fn)',
      '  + node n3 (fn)',
      '  + wire n3:0 → n1:0',
      '1 flow(s) changed, 0 added, 0 removed, 0 unchanged',
    ]);
  });

  it('finds no difference between reordered but equal flows', () => {
    const a = flow('f', [node('n1', { x: 1, y: 2 }), node('n2')]);
    const b = flow('f', [node('n2'), node('n1', { y: 2, x: 1 })]);
    expect(diffFlows([a], [b])).toEqual({ flows: [], unchanged: 1 });
    expect(formatFlowDiff(diffFlows([a], [b]))).toEqual(['no differences (1 flow(s))']);
  });
});
