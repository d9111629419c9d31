import type { Flow, NodeCatalogEntry } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { checkBeforeDeploy } from '../deploy/deploy-check.js';
import { edit, initialEditorState, loaded } from '../store/editor-state.js';
import { instancesOf, newSubflow, paletteEntries, withSubflowTypes } from './subflow-types.js';

const entry = (type: string, category = 'common', inputs = 1): NodeCatalogEntry => ({
  type,
  version: 1,
  category,
  label: type,
  description: '',
  isConfig: false,
  inputs,
  outputs: type === 'subflow-out' || type === 'subflow-status' ? [] : ['out'],
  configSchema: { type: 'object', properties: {} },
  defaults: {},
});
const base = new Map(
  [
    entry('function'),
    entry('subflow-in', 'subflow', 0),
    entry('subflow-out', 'subflow'),
    entry('subflow-status', 'subflow'),
  ].map((e) => [e.type, e]),
);
const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const scale: Flow = {
  version: 1,
  id: 'scale',
  name: 'Scale',
  subflow: {
    params: [
      { name: 'FACTOR', type: 'number', required: true },
      { name: 'UNIT', type: 'string', default: 'kg' },
    ],
  },
  nodes: [node('in', 'subflow-in'), node('o1', 'subflow-out', { port: 1 })],
  wires: [],
};
const line: Flow = {
  version: 1,
  id: 'line',
  name: 'Line',
  nodes: [node('s1', 'subflow:scale', { FACTOR: 2 })],
  wires: [],
};

describe('subflow types in the editor', () => {
  it('gives each definition an instance type with its ports and a form of its parameters', () => {
    const e = withSubflowTypes(base, [scale, line]).get('subflow:scale');
    expect(e).toMatchObject({ label: 'Scale', category: 'subflows', inputs: 1, outputs: ['output 1', 'output 2'] });
    expect(e?.configSchema).toMatchObject({
      properties: { FACTOR: { type: 'number' }, UNIT: { type: 'string', placeholder: 'kg' } },
      required: ['FACTOR'],
    });
  });

  it('keeps the catalog in step with edits of the definitions', () => {
    let s = loaded(initialEditorState(), { catalog: base, flows: [scale, line], revision: '1' });
    expect(s.catalog.has('subflow:scale')).toBe(true);
    s = edit(s, { type: 'update-flow', flowId: 'scale', patch: { name: 'Scale v2' } });
    expect(s.catalog.get('subflow:scale')?.label).toBe('Scale v2');
    s = edit(s, { type: 'remove-flow', flowId: 'scale' });
    expect(s.catalog.has('subflow:scale')).toBe(false);
  });

  it('checks instance parameters before deploy with their paths', () => {
    const bad: Flow = { ...line, nodes: [node('s1', 'subflow:scale', { FACTOR: 'two' })] };
    const issues = checkBeforeDeploy([scale, bad], withSubflowTypes(base, [scale, bad]));
    expect(issues.get('s1')?.map((i) => i.path.join('.'))).toEqual(['config.FACTOR']);
  });

  it('offers port nodes only inside a definition, and no instance of a definition inside itself', () => {
    const catalog = withSubflowTypes(base, [scale, line]);
    const types = (f: Flow) => paletteEntries(catalog, f).map((e) => e.type);
    expect(types(line)).toEqual(['function', 'subflow:scale']);
    expect(types(scale)).toEqual(['function', 'subflow-in', 'subflow-out', 'subflow-status']);
  });

  it('lists instances and creates empty definitions with an input and an output', () => {
    expect(instancesOf([scale, line], 'scale').map((i) => [i.flow.id, i.node.id])).toEqual([['line', 's1']]);
    const fresh = newSubflow('New');
    expect(fresh.subflow).toEqual({ params: [] });
    expect(fresh.nodes.map((n) => n.type)).toEqual(['subflow-in', 'subflow-out']);
  });
});
