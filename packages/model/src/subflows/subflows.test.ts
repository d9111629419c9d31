import { describe, expect, it } from 'vitest';
import type { Flow } from '../flow.js';
import type { NodeCatalog, NodeTypeInfo } from '../node-type-info.js';
import { validateFlows } from '../validate-flow.js';
import { expandSubflows } from './expand-subflows.js';
import { subflowCatalog } from './subflow-catalog.js';
import { validateSubflows } from './validate-subflows.js';

const info = (type: string, inputs: number, outputs: number): NodeTypeInfo => ({
  type,
  version: 1,
  isConfig: false,
  inputs,
  outputCount: () => outputs,
  validateConfig: () => [],
  configRefs: [],
});
const base: NodeCatalog = {
  get: (t) =>
    ({
      fn: info('fn', 1, 1),
      src: info('src', 0, 1),
      'subflow-in': info('subflow-in', 0, 1),
      'subflow-out': info('subflow-out', 1, 0),
      'subflow-status': info('subflow-status', 1, 0),
    })[t],
};

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const wire = (a: string, b: string, port = 0) => ({ from: { node: a, port }, to: { node: b, port: 0 } });

/** Subflow "scale": in -> fn -> out 0, fn -> status; parameters FACTOR (number, required) and UNIT. */
const scale: Flow = {
  version: 1,
  id: 'scale',
  name: 'Scale',
  subflow: {
    params: [
      { name: 'FACTOR', type: 'number', required: true },
      { name: 'UNIT', type: 'string', default: 'mm' },
    ],
  },
  nodes: [
    node('in', 'subflow-in'),
    node('mul', 'fn', { code: '${env.FACTOR}' }),
    node('out', 'subflow-out', { port: 0 }),
    node('st', 'subflow-status'),
  ],
  wires: [wire('in', 'mul'), wire('mul', 'out'), wire('mul', 'st')],
};
const main = (config: Record<string, unknown>, id = 'main', inst = 's1'): Flow => ({
  version: 1,
  id,
  name: id,
  nodes: [node(`${id}-src`, 'src'), node(inst, 'subflow:scale', config), node(`${id}-fn`, 'fn')],
  wires: [wire(`${id}-src`, inst), wire(inst, `${id}-fn`)],
});

function check(flows: unknown[]) {
  const r = validateFlows(flows, { catalog: subflowCatalog(base, flows as Flow[]) });
  return [...r.issues, ...(r.ok ? validateSubflows(r.flows) : [])];
}

describe('subflow validation', () => {
  it('accepts a definition with two instances in two flows', () => {
    expect(check([scale, main({ FACTOR: 2 }), main({ FACTOR: 3 }, 'other', 's2')])).toEqual([]);
  });

  it('reports an instance of a missing definition at its type', () => {
    const flow = { ...main({}), nodes: [node('x', 'subflow:nope')], wires: [] };
    expect(check([flow]).map((i) => [i.pathString, i.code])).toEqual([['$[0].nodes[0].type', 'missing_subflow']]);
  });

  it('reports a bad parameter type and a missing required parameter with their paths', () => {
    const issues = check([scale, main({ FACTOR: 'two', UNIT: 5 }), main({}, 'other', 's2')]);
    expect(issues.map((i) => [i.pathString, i.code])).toEqual([
      ['$[1].nodes[1].config.FACTOR', 'invalid_param_type'],
      ['$[1].nodes[1].config.UNIT', 'invalid_param_type'],
      ['$[2].nodes[1].config.FACTOR', 'required_param'],
    ]);
    expect(issues[0]?.message).toBe('parameter "FACTOR" must be a number, got the string "two"');
  });

  it('reports a cycle between definitions at the instance that closes it', () => {
    const a: Flow = { version: 1, id: 'a', name: 'A', subflow: {}, nodes: [node('a1', 'subflow:b')], wires: [] };
    const b: Flow = { version: 1, id: 'b', name: 'B', subflow: {}, nodes: [node('b1', 'subflow:a')], wires: [] };
    const issues = check([a, b]);
    expect(issues.map((i) => [i.pathString, i.code, i.message])).toEqual([
      ['$[1].nodes[0].type', 'subflow_cycle', 'subflow contains itself: a → b → a'],
    ]);
  });

  it('checks wires inside a definition and instance ports against its port nodes', () => {
    const bad = { ...scale, wires: [...scale.wires, wire('out', 'mul')] };
    const wrongPort = { ...main({ FACTOR: 1 }), wires: [wire('main-src', 's1'), wire('s1', 'main-fn', 1)] };
    expect(check([bad, wrongPort]).map((i) => [i.pathString, i.code])).toEqual([
      ['$[0].wires[3].from.port', 'port_out_of_range'],
      ['$[1].wires[1].from.port', 'port_out_of_range'],
    ]);
  });

  it('refuses port nodes outside a definition', () => {
    const flow = { ...main({ FACTOR: 1 }), nodes: [node('p', 'subflow-in')], wires: [] };
    expect(check([flow]).map((i) => i.code)).toEqual(['subflow_port_outside']);
  });
});

describe('expandSubflows', () => {
  it('replaces instances with namespaced copies that carry the parameters as env', () => {
    const [a, b, ...rest] = expandSubflows([
      scale,
      main({ FACTOR: 2 }),
      main({ FACTOR: 3, UNIT: 'in' }, 'other', 's2'),
    ]);
    expect(rest).toEqual([]);
    expect(a?.nodes.map((n) => [n.id, n.type, n.env])).toEqual([
      ['main-src', 'src', undefined],
      ['s1/in', 'subflow-in', { FACTOR: '2', UNIT: 'mm' }],
      ['s1/mul', 'fn', { FACTOR: '2', UNIT: 'mm' }],
      ['s1/out', 'subflow-out', { FACTOR: '2', UNIT: 'mm' }],
      ['s1', 'subflow-status', { FACTOR: '2', UNIT: 'mm' }],
      ['main-fn', 'fn', undefined],
    ]);
    expect(a?.wires.map((w) => `${w.from.node}:${w.from.port}>${w.to.node}`)).toEqual([
      's1/in:0>s1/mul',
      's1/mul:0>s1/out',
      's1/mul:0>s1',
      'main-src:0>s1/in',
      's1/out:0>main-fn',
    ]);
    expect(b?.nodes.find((n) => n.id === 's2/mul')?.env).toEqual({ FACTOR: '3', UNIT: 'in' });
  });

  it('expands nested instances, passing a parameter on through ${env.NAME}', () => {
    const outer: Flow = {
      version: 1,
      id: 'outer',
      name: 'Outer',
      subflow: { params: [{ name: 'K', type: 'number', default: 7 }] },
      nodes: [
        node('i', 'subflow-in'),
        node('inner', 'subflow:scale', { FACTOR: '${env.K}' }),
        node('o', 'subflow-out'),
      ],
      wires: [wire('i', 'inner'), wire('inner', 'o')],
    };
    const flow: Flow = {
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [node('src', 'src'), node('x', 'subflow:outer'), node('sink', 'fn')],
      wires: [wire('src', 'x'), wire('x', 'sink')],
    };
    const [f] = expandSubflows([outer, scale, flow]);
    expect(f?.nodes.find((n) => n.id === 'x/inner/mul')?.env).toEqual({ K: '7', FACTOR: '7', UNIT: 'mm' });
    const route = f?.wires.map((w) => `${w.from.node}>${w.to.node}`);
    expect(route).toEqual(expect.arrayContaining(['src>x/i', 'x/i>x/inner/in', 'x/inner/out>x/o', 'x/o>sink']));
    // The nested status node reports as the nested instance.
    expect(f?.nodes.some((n) => n.id === 'x/inner' && n.type === 'subflow-status')).toBe(true);
  });

  it('points link targets inside a definition at the instance copies, and leaves other targets alone', () => {
    const withLinks: NodeCatalog = {
      get: (t) =>
        t === 'link-out'
          ? { ...info('link-out', 1, 0), nodeRefs: [{ key: 'links', types: ['link-in'] }] }
          : t === 'catch'
            ? { ...info('catch', 0, 1), nodeRefs: [{ key: 'nodes', sameFlow: true }] }
            : base.get(t),
    };
    const def: Flow = {
      version: 1,
      id: 'hop',
      name: 'Hop',
      subflow: {},
      nodes: [
        node('lo', 'link-out', { links: ['li', 'elsewhere'] }),
        node('li', 'link-in'),
        node('c', 'catch', { nodes: ['li'] }),
      ],
      wires: [],
    };
    const flow: Flow = { version: 1, id: 'f', name: 'f', nodes: [node('h1', 'subflow:hop')], wires: [] };
    const [f] = expandSubflows([def, flow], { catalog: withLinks });
    expect(f?.nodes.find((n) => n.id === 'h1/lo')?.config).toEqual({ links: ['h1/li', 'elsewhere'] });
    expect(f?.nodes.find((n) => n.id === 'h1/c')?.config).toEqual({ nodes: ['li'] });
  });
});
