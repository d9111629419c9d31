import { serializeFlow } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { copyNodes } from '../store/clipboard.js';
import { activeFlow } from '../store/editor-state.js';
import { testFlows, testState } from '../store/test-fixtures.js';
import { clashingFlows, importFlows } from './import-flows.js';
import { nodeRedExport } from './node-red-export.js';
import { parseClipboardText, parseImport } from './parse-import.js';

describe('parseImport', () => {
  const flow = testFlows()[0]!;

  it('reads a flow file, a list of flows and a GET /api/flows answer', () => {
    for (const text of [
      serializeFlow(flow),
      JSON.stringify([flow]),
      JSON.stringify({ revision: 'r', flows: [flow] }),
    ]) {
      const r = parseImport(text);
      expect(r.ok && r.payload.kind === 'flows' && r.payload.flows[0]?.id).toBe('f1');
    }
  });

  it('reads copied nodes', () => {
    const r = parseImport(JSON.stringify(copyNodes(flow, new Set(['a']))));
    expect(r.ok && r.payload.kind === 'nodes' && r.payload.data.nodes.map((n) => n.id)).toEqual(['a']);
  });

  it('explains what is wrong', () => {
    expect(parseImport('{oops')).toMatchObject({ ok: false, error: expect.stringContaining('not valid JSON') });
    const bad = parseImport(
      JSON.stringify({ ...flow, wires: [{ from: { node: 'a', port: 0 }, to: { node: 'zz', port: 0 } }] }),
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues?.[0]?.code).toBe('dangling_wire');
    expect(parseImport('42')).toMatchObject({ ok: false, error: 'expected a flow, a list of flows or copied nodes' });
  });

  it('ignores plain clipboard text', () => {
    expect(parseClipboardText('hello')).toBeUndefined();
    expect(parseClipboardText(serializeFlow(flow))?.nodes).toHaveLength(2);
  });
});

describe('importFlows', () => {
  it('adds a new flow with its ids and opens it', () => {
    const incoming = { ...testFlows()[1]!, id: 'f9', name: 'Nine' };
    const s = importFlows(testState(), [incoming], 'copy');
    expect(s.flows.map((f) => f.id)).toEqual(['f1', 'f2', 'f9']);
    expect(s.activeFlowId).toBe('f9');
  });

  it('replaces a clashing flow in place, or adds a renamed copy with fresh ids', () => {
    const state = testState();
    const incoming = { ...testFlows()[0]!, name: 'One v2' };
    expect(clashingFlows(state, [incoming])).toEqual(['f1']);
    const replaced = importFlows(state, [incoming], 'replace');
    expect(replaced.flows.map((f) => [f.id, f.name])).toEqual([
      ['f1', 'One v2'],
      ['f2', 'Two'],
    ]);
    expect(activeFlow(replaced)?.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    const copied = importFlows(state, [incoming], 'copy');
    const copy = activeFlow(copied)!;
    expect(copy.id).not.toBe('f1');
    expect(copy.name).toBe('One v2 (copy)');
    expect(copy.nodes.map((n) => n.id)).not.toContain('a');
    expect(copy.wires[0]).toEqual({
      from: { node: copy.nodes[0]?.id, port: 0 },
      to: { node: copy.nodes[1]?.id, port: 0 },
    });
  });

  it('renews node ids that another open flow already uses', () => {
    const incoming = { ...testFlows()[0]!, id: 'f7' };
    const s = importFlows(testState(), [incoming], 'replace');
    expect(activeFlow(s)?.id).toBe('f7');
    expect(activeFlow(s)?.nodes.map((n) => n.id)).not.toContain('a');
  });
});

describe('nodeRedExport', () => {
  const tab = { id: 't1', type: 'tab', label: 'Line' };
  const inject = { id: 'n1', type: 'inject', z: 't1', wires: [['n2']] };

  it('recognises a flows.json array and a { flows } answer', () => {
    expect(nodeRedExport(JSON.stringify([tab, inject]))).toHaveLength(2);
    expect(nodeRedExport(JSON.stringify({ rev: 'x', flows: [inject] }))).toEqual([inject]);
    expect(nodeRedExport(JSON.stringify([tab]))).toEqual([tab]);
  });

  it('leaves Millwright flows, copied nodes, config-only lists and broken text alone', () => {
    const flow = testFlows()[0]!;
    expect(nodeRedExport(serializeFlow(flow))).toBeUndefined();
    expect(nodeRedExport(JSON.stringify([flow]))).toBeUndefined();
    expect(nodeRedExport(JSON.stringify({ revision: 'r', flows: [flow] }))).toBeUndefined();
    expect(nodeRedExport(JSON.stringify(copyNodes(flow, new Set(['a']))))).toBeUndefined();
    expect(nodeRedExport(JSON.stringify([{ id: 'c', type: 'mqtt-broker' }]))).toBeUndefined();
    expect(nodeRedExport(JSON.stringify([tab, 'oops']))).toBeUndefined();
    expect(nodeRedExport('[{"type": "tab"')).toBeUndefined();
    expect(nodeRedExport('[]')).toBeUndefined();
  });
});
