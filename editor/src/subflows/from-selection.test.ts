import type { Flow } from '@millwright/model';
import { expandSubflows } from '@millwright/model/subflows';
import { describe, expect, it } from 'vitest';
import { initialEditorState, loaded, select, undoEdit } from '../store/editor-state.js';
import { createSubflowFromSelection } from './CreateSubflowButton.js';
import { subflowFromSelection } from './from-selection.js';

const node = (id: string, type: string, x: number) => ({
  id,
  type,
  typeVersion: 1,
  config: {},
  position: { x, y: 100 },
  group: 'g1',
});
const wire = (a: string, b: string, port = 0) => ({ from: { node: a, port }, to: { node: b, port: 0 } });
const flow: Flow = {
  version: 1,
  id: 'f',
  name: 'f',
  nodes: [
    node('src', 'inject', 0),
    node('a', 'function', 200),
    node('b', 'switch', 400),
    node('x', 'debug', 600),
    node('y', 'debug', 600),
  ],
  wires: [wire('src', 'a'), wire('a', 'b'), wire('b', 'x', 0), wire('b', 'y', 1), wire('b', 'y', 0)],
};

describe('create subflow from a selection', () => {
  it('moves the nodes into a definition and wires one instance in their place', () => {
    const r = subflowFromSelection(flow, new Set(['a', 'b']), 'Part');
    if (!r) throw new Error('nothing created');
    expect(r.definition.nodes.map((n) => n.type)).toEqual([
      'function',
      'switch',
      'subflow-in',
      'subflow-out',
      'subflow-out',
    ]);
    expect(r.definition.nodes.some((n) => n.group)).toBe(false);
    expect(r.flow.nodes.map((n) => n.id)).toEqual(['src', 'x', 'y', r.instanceId]);
    const route = (w: Flow['wires'][number]) => `${w.from.node}:${w.from.port}>${w.to.node}`;
    expect(r.flow.wires.map(route)).toEqual([
      `src:0>${r.instanceId}`,
      `${r.instanceId}:0>x`,
      `${r.instanceId}:1>y`,
      `${r.instanceId}:0>y`,
    ]);
    // Expanded, the flow has the same routes as before: src -> a -> b -> x, y.
    const [run] = expandSubflows([r.definition, r.flow]);
    const ids = new Map(run?.nodes.map((n) => [n.id, n.type]));
    const reach = (from: string): string[] =>
      (run?.wires ?? [])
        .filter((w) => w.from.node === from)
        .flatMap((w) => (['x', 'y'].includes(w.to.node) ? [w.to.node] : reach(w.to.node)));
    expect(ids.get(`${r.instanceId}/a`)).toBe('function');
    expect(reach('src').sort()).toEqual(['x', 'y', 'y']);
  });

  it('needs at least one node that may move', () => {
    expect(subflowFromSelection(flow, new Set(), 'Part')).toBeUndefined();
  });

  it('is one undo step in the editor, with the instance selected and typed from the new definition', () => {
    const before = select(loaded(initialEditorState(), { catalog: new Map(), flows: [flow], revision: '1' }), [
      'a',
      'b',
    ]);
    const after = createSubflowFromSelection(before);
    const definition = after.flows.find((f) => f.subflow);
    const [instance] = after.selection.nodes;
    expect(after.flows.find((f) => f.id === 'f')?.nodes.find((n) => n.id === instance)?.type).toBe(
      `subflow:${definition?.id}`,
    );
    expect(after.catalog.get(`subflow:${definition?.id}`)?.outputs).toHaveLength(2);
    expect(undoEdit(after).flows).toEqual([flow]);
  });
});
