import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Flow } from './flow.js';
import type { NodeCatalog, NodeTypeInfo } from './node-type-info.js';
import { validateFlow, validateFlows } from './validate-flow.js';

const type = (
  name: string,
  schema: z.ZodType<Record<string, unknown>>,
  extra: Partial<NodeTypeInfo> = {},
): NodeTypeInfo => ({
  type: name,
  version: 1,
  isConfig: false,
  inputs: 1,
  outputCount: () => 1,
  validateConfig: (c) => {
    const r = schema.safeParse(c);
    return r.success
      ? []
      : r.error.issues.map((i) => ({
          path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
          code: i.code,
          message: i.message,
        }));
  },
  configRefs: [],
  ...extra,
});

const catalog: NodeCatalog = {
  get: (t) =>
    ({
      fn: type('fn', z.object({ timeoutMs: z.number().int().positive() })),
      src: type('src', z.object({}), { inputs: 0 }),
      sw: type('sw', z.object({ rules: z.array(z.string()) }), {
        outputCount: (c) => (Array.isArray(c['rules']) ? c['rules'].length : 0),
      }),
      broker: type('broker', z.object({ url: z.string() }), { isConfig: true, inputs: 0, outputCount: () => 0 }),
      pub: type('pub', z.object({ broker: z.string() }), { configRefs: [{ key: 'broker', type: 'broker' }] }),
      'link-in': type('link-in', z.object({})),
      'link-out': type('link-out', z.object({ links: z.array(z.string()) }), {
        nodeRefs: [{ key: 'links', types: ['link-in'] }],
      }),
      catcher: type('catcher', z.object({ nodes: z.array(z.string()) }), {
        nodeRefs: [{ key: 'nodes', sameFlow: true }],
      }),
    })[t],
};

const node = (id: string, t: string, config: Record<string, unknown> = {}) => ({
  id,
  type: t,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const base = { version: 1, id: 'f1', name: 'flow' };

describe('validateFlow', () => {
  it('accepts a valid flow', () => {
    const r = validateFlow(
      {
        ...base,
        nodes: [node('a', 'src'), node('b', 'fn', { timeoutMs: 5 })],
        wires: [{ from: { node: 'a', port: 0 }, to: { node: 'b', port: 0 } }],
      },
      { catalog },
    );
    expect(r.ok).toBe(true);
  });

  it('accepts a context store choice and names a wrong one by its path', () => {
    const flow = { ...base, nodes: [], wires: [] };
    expect(validateFlow({ ...flow, context: { store: 'file', flushIntervalMs: 0, maxBytes: 65_536 } }).ok).toBe(true);
    const r = validateFlow({ ...flow, context: { store: 'disk', flushIntervalMs: -1, maxBytes: 10 } });
    expect(r.issues.map((i) => i.pathString).sort()).toEqual([
      '$.context.flushIntervalMs',
      '$.context.maxBytes',
      '$.context.store',
    ]);
  });

  it('reports structural faults with their JSON paths', () => {
    const r = validateFlow({
      version: 1,
      id: 'has space',
      name: 'x',
      nodes: [{ id: 'a', type: 'fn', config: {}, position: { x: 0 } }],
      wires: 'nope',
      extra: 1,
    });
    expect(r.ok).toBe(false);
    const paths = r.issues.map((i) => i.pathString).sort();
    expect(paths).toEqual(['$', '$.id', '$.nodes[0].position.y', '$.nodes[0].typeVersion', '$.wires'].sort());
    expect(r.issues.find((i) => i.pathString === '$')?.message).toMatch(/extra/);
  });

  it('reports every semantic fault at once: types, configs, ids, wires, ports, config refs', () => {
    const r = validateFlow(
      {
        ...base,
        nodes: [
          node('a', 'src'),
          node('b', 'fn', { timeoutMs: -1 }),
          node('a', 'fn', { timeoutMs: 1 }),
          node('c', 'nope'),
          node('d', 'sw', { rules: ['x', 'y'] }),
          node('p', 'pub', { broker: 'missing' }),
          node('s2', 'src'),
        ],
        wires: [
          { from: { node: 'a', port: 0 }, to: { node: 'zz', port: 0 } },
          { from: { node: 'd', port: 2 }, to: { node: 'b', port: 0 } },
          { from: { node: 'b', port: 0 }, to: { node: 's2', port: 0 } },
        ],
      },
      { catalog },
    );
    expect(r.ok).toBe(false);
    const byPath = Object.fromEntries(r.issues.map((i) => [i.pathString, i.code]));
    expect(byPath).toEqual({
      '$.nodes[1].config.timeoutMs': 'too_small',
      '$.nodes[2].id': 'duplicate_id',
      '$.nodes[3].type': 'unknown_type',
      '$.nodes[5].config.broker': 'missing_config_node',
      '$.wires[0].to.node': 'dangling_wire',
      '$.wires[1].from.port': 'port_out_of_range',
      '$.wires[2].to.port': 'port_out_of_range',
    });
  });

  it('checks config node references by type', () => {
    const flowWith = (broker: string) => ({
      ...base,
      nodes: [node('p', 'pub', { broker })],
      wires: [],
      configs: [
        { id: 'b1', type: 'broker', typeVersion: 1, config: { url: 'mqtt://127.0.0.1' } },
        { id: 'f', type: 'fn', typeVersion: 1, config: { timeoutMs: 1 } },
      ],
    });
    const ok = validateFlow(flowWith('b1'), { catalog });
    expect(ok.issues.map((i) => i.pathString)).toEqual(['$.configs[1].type']); // fn is not a config node
    const wrong = validateFlow(flowWith('f'), { catalog });
    expect(wrong.issues.map((i) => i.code)).toContain('wrong_config_node_type');
  });

  it('rejects a node newer than the installed type', () => {
    const r = validateFlow(
      { ...base, nodes: [{ ...node('b', 'fn', { timeoutMs: 1 }), typeVersion: 3 }], wires: [] },
      { catalog },
    );
    expect(r.issues[0]).toMatchObject({ pathString: '$.nodes[0].typeVersion', code: 'version_too_new' });
  });
});

describe('validateFlows', () => {
  it('prefixes paths with the flow index and checks ids across flows', () => {
    const f1 = {
      ...base,
      nodes: [node('a', 'src')],
      wires: [],
      configs: [{ id: 'b1', type: 'broker', typeVersion: 1, config: { url: 'x' } }],
    };
    const f2 = { ...base, nodes: [node('a', 'src'), node('p', 'pub', { broker: 'b1' })], wires: [] };
    const r = validateFlows([f1, f2, { nodes: 3 }], { catalog });
    expect(r.ok).toBe(false);
    const paths = r.issues.map((i) => i.pathString);
    expect(paths).toContain('$[1].id'); // duplicate flow id
    expect(paths).toContain('$[1].nodes[0].id'); // node id used in another flow
    expect(paths).toContain('$[2].nodes');
    expect(paths).not.toContain('$[1].nodes[1].config.broker'); // shared config node from flow 0 resolves
  });

  it('refuses node references that name no node, a node of the wrong type, or a node of another flow', () => {
    const f1 = {
      ...base,
      nodes: [
        node('in1', 'link-in'),
        node('out1', 'link-out', { links: ['in2', 'in-typo', 'fx'] }),
        node('c1', 'catcher', { nodes: ['out1', 'fx'] }),
      ],
      wires: [],
    };
    const f2 = { ...base, id: 'f2', nodes: [node('in2', 'link-in'), node('fx', 'fn', { timeoutMs: 1 })], wires: [] };
    const r = validateFlows([f1, f2], { catalog });
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.pathString, i.code])).toEqual([
      ['$[0].nodes[1].config.links[1]', 'dangling_node_reference'],
      ['$[0].nodes[1].config.links[2]', 'wrong_node_reference_type'],
      ['$[0].nodes[2].config.nodes[1]', 'node_reference_other_flow'],
    ]);
    expect(r.issues[0]?.message).toBe('no "link-in" node has the id "in-typo"');
    // Without a catalog only the structure is checked, so editors can validate drafts offline.
    expect(validateFlows([f1, f2]).ok).toBe(true);
    // A runtime of a cluster checks only the flows placed on it: the others are context.
    const out = { ...base, id: 'f3', nodes: [node('o3', 'link-out', { links: ['in2'] })], wires: [] };
    expect(validateFlows([out], { catalog }).ok).toBe(false);
    expect(validateFlows([out], { catalog, referenceContext: [f2 as unknown as Flow] }).ok).toBe(true);
    const scoped = { ...base, id: 'f4', nodes: [node('c4', 'catcher', { nodes: ['fx'] })], wires: [] };
    expect(validateFlows([scoped], { catalog, referenceContext: [f2 as unknown as Flow] }).issues[0]?.code).toBe(
      'node_reference_other_flow',
    );
  });

  it('rejects a non-array', () => {
    expect(validateFlows({}).issues[0]).toMatchObject({ pathString: '$', code: 'invalid_type' });
  });
});
