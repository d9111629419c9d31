import { describe, expect, it } from 'vitest';
import {
  addFlow,
  addNode,
  connect,
  copySelection,
  deleteSelection,
  duplicateSelection,
  groupSelection,
  paste,
  removeFlow,
  ungroupSelection,
  updateNode,
} from './actions.js';
import { outputCount } from './catalog.js';
import { activeFlow, beginTransient, edit, endTransient, redoEdit, select, undoEdit } from './editor-state.js';
import { testState } from './test-fixtures.js';

const nodesOf = (s: ReturnType<typeof testState>) => activeFlow(s)?.nodes.map((n) => n.id) ?? [];

describe('editor state', () => {
  it('opens the first flow and adds an empty one when the server has none', () => {
    const s = testState();
    expect(s.activeFlowId).toBe('f1');
    expect(s.deployed.revision).toBe('r1');
  });

  it('pins a flow to its own process and back to the shared default (stored as absent)', () => {
    let s = edit(testState(), { type: 'update-flow', flowId: 'f1', patch: { isolation: 'dedicated' } });
    expect(activeFlow(s)?.isolation).toBe('dedicated');
    s = edit(s, { type: 'update-flow', flowId: 'f1', patch: { isolation: 'shared' } });
    expect(activeFlow(s)).not.toHaveProperty('isolation');
  });

  it("sets the flow's context store, keeps its other context fields, and removes it for the runtime default", () => {
    let s = edit(testState(), { type: 'update-flow', flowId: 'f1', patch: { context: { store: 'file' } } });
    expect(activeFlow(s)?.context).toEqual({ store: 'file' });
    const withInterval = { ...activeFlow(s)?.context, store: 'memory' as const, flushIntervalMs: 0 };
    s = edit(s, { type: 'update-flow', flowId: 'f1', patch: { context: withInterval } });
    expect(activeFlow(s)?.context).toEqual({ store: 'memory', flushIntervalMs: 0 });
    s = edit(s, { type: 'update-flow', flowId: 'f1', patch: { context: null } });
    expect(activeFlow(s)).not.toHaveProperty('context');
  });

  it("sets the flow's cluster placement and removes it for the default", () => {
    const placement = { mode: 'all' as const, labels: { line: '1' } };
    let s = edit(testState(), { type: 'update-flow', flowId: 'f1', patch: { placement } });
    expect(activeFlow(s)?.placement).toEqual(placement);
    s = edit(s, { type: 'update-flow', flowId: 'f1', patch: { placement: null } });
    expect(activeFlow(s)).not.toHaveProperty('placement');
  });

  it('adds a palette node with the type defaults, selected', () => {
    const s = addNode(testState(), 'inject', { x: 300, y: 100 });
    const node = activeFlow(s)?.nodes[2];
    expect(node).toMatchObject({ type: 'inject', typeVersion: 1, config: { n: 1 }, position: { x: 240, y: 90 } });
    expect([...s.selection.nodes]).toEqual([node?.id]);
  });

  it('deletes selected nodes with their wires, and undo/redo restore them', () => {
    const s0 = testState();
    const s1 = deleteSelection(select(s0, ['a']));
    expect(nodesOf(s1)).toEqual(['b']);
    expect(activeFlow(s1)?.wires).toEqual([]);
    const s2 = undoEdit(s1);
    expect(s2.flows).toBe(s0.flows);
    const s3 = redoEdit(s2);
    expect(s3.flows).toBe(s1.flows);
    expect(undoEdit(undoEdit(s2))).toBe(undoEdit(s2)); // nothing more to undo
  });

  it('merges quick edits of the same field into one undo step', () => {
    let s = testState();
    s = updateNode(s, { flowId: 'f1', nodeId: 'a', patch: { name: 'x' }, field: 'name' });
    s = updateNode(s, { flowId: 'f1', nodeId: 'a', patch: { name: 'xy' }, field: 'name' });
    expect(s.history.past).toHaveLength(1);
    expect(activeFlow(undoEdit(s))?.nodes[0]?.name).toBeUndefined();
  });

  it('records a whole drag as one undo step', () => {
    const s0 = testState();
    let s = beginTransient(s0);
    for (const x of [10, 20, 30])
      s = edit(s, { type: 'move-nodes', flowId: 'f1', moves: [{ id: 'a', position: { x, y: 0 } }] });
    s = endTransient(s);
    expect(s.history.past).toHaveLength(1);
    expect(activeFlow(s)?.nodes[0]?.position).toEqual({ x: 30, y: 0 });
    expect(undoEdit(s).flows).toBe(s0.flows);
  });

  it('copies and pastes nodes with fresh ids and their internal wire', () => {
    const s0 = select(testState(), ['a', 'b']);
    const copied = copySelection(s0);
    expect(copied?.data.wires).toHaveLength(1);
    const s1 = paste(copied!.state);
    const flow = activeFlow(s1)!;
    expect(flow.nodes).toHaveLength(4);
    const [c, d] = flow.nodes.slice(2);
    expect(c?.id).not.toBe('a');
    expect(c?.position).toEqual({ x: 30, y: 30 });
    expect(flow.wires[1]).toEqual({ from: { node: c?.id, port: 0 }, to: { node: d?.id, port: 0 } });
    expect([...s1.selection.nodes]).toEqual([c?.id, d?.id]);
    // Pasting again lands further along instead of on top of the first copy.
    const s2 = paste(s1);
    expect(activeFlow(s2)?.nodes[4]?.position).toEqual({ x: 60, y: 60 });
    expect(activeFlow(duplicateSelection(select(testState(), ['b'])))?.nodes).toHaveLength(3);
  });

  it('wires only existing ports and ignores duplicates', () => {
    const s = deleteSelection(select(testState(), [], ['a:0>b:0']));
    expect(activeFlow(s)?.wires).toEqual([]);
    const w = { from: { node: 'a', port: 0 }, to: { node: 'b', port: 0 } };
    const s1 = connect(s, w);
    expect(activeFlow(s1)?.wires).toEqual([w]);
    expect(connect(s1, w)).toBe(s1);
    expect(connect(s, { from: { node: 'a', port: 1 }, to: { node: 'b', port: 0 } })).toBe(s);
    expect(connect(s, { from: { node: 'b', port: 0 }, to: { node: 'a', port: 0 } })).toBe(s);
  });

  it('drops wires from switch outputs that disappear with their rule', () => {
    let s = addNode(testState(), 'switch', { x: 0, y: 0 });
    const sw = [...s.selection.nodes][0]!;
    s = updateNode(s, { flowId: 'f1', nodeId: sw, patch: { config: { rules: [{}, {}] } } });
    s = connect(s, { from: { node: sw, port: 1 }, to: { node: 'b', port: 0 } });
    expect(activeFlow(s)?.wires).toHaveLength(2);
    s = updateNode(s, { flowId: 'f1', nodeId: sw, patch: { config: { rules: [{}] } } });
    expect(activeFlow(s)?.wires).toHaveLength(1);
  });

  it('groups and ungroups the selection', () => {
    const s1 = groupSelection(select(testState(), ['a', 'b']), 'Line 1');
    const flow = activeFlow(s1)!;
    expect(flow.groups).toEqual([{ id: expect.any(String), name: 'Line 1' }]);
    expect(flow.nodes.every((n) => n.group === flow.groups?.[0]?.id)).toBe(true);
    const s2 = ungroupSelection(s1);
    expect(activeFlow(s2)?.groups).toBeUndefined();
    expect(activeFlow(s2)?.nodes.some((n) => n.group)).toBe(false);
  });

  it('adds and removes tabs, keeping at least one', () => {
    const s1 = addFlow(testState());
    expect(s1.flows.map((f) => f.name)).toEqual(['One', 'Two', 'Flow 3']);
    expect(s1.activeFlowId).toBe(s1.flows[2]?.id);
    const s2 = removeFlow(s1, s1.activeFlowId);
    expect(s2.activeFlowId).toBe('f1');
    expect(removeFlow(removeFlow(s2, 'f2'), 'f1').flows).toHaveLength(1);
  });

  it('forgets deploy issues of a node once it is edited', () => {
    const s = {
      ...testState(),
      deployIssues: new Map([['a', [{ path: ['config', 'n'], code: 'x', message: 'bad' }]]]),
    };
    expect(updateNode(s, { flowId: 'f1', nodeId: 'a', patch: { config: { n: 2 } } }).deployIssues.size).toBe(0);
  });
});

describe('outputCount', () => {
  it('follows an array or a number config key, else the default', () => {
    const fn = {
      type: 'function',
      version: 1,
      category: 'function',
      label: 'function',
      description: '',
      isConfig: false,
      inputs: 1,
      outputs: ['out'],
      outputsFrom: 'outputs',
      configSchema: {},
      defaults: { outputs: 1 },
    };
    expect(outputCount(fn, { outputs: 3 })).toBe(3);
    expect(outputCount(fn, {})).toBe(1);
    expect(outputCount({ ...fn, outputsFrom: 'rules', defaults: { rules: [] } }, { rules: [{}, {}] })).toBe(2);
    expect(outputCount({ ...fn, outputsFrom: 'rules', defaults: { rules: [] } }, {})).toBe(0);
  });
});
