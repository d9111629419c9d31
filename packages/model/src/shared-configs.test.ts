import { describe, expect, it } from 'vitest';
import type { Flow } from './flow.js';
import type { NodeCatalog, NodeTypeInfo } from './node-type-info.js';
import { isSharedConfigDocument, referencedConfigs, withReferencedConfigs } from './shared-configs.js';
import { validateFlows } from './validate-flow.js';

const info = (type: string, extra: Partial<NodeTypeInfo> = {}): NodeTypeInfo => ({
  type,
  version: 1,
  isConfig: false,
  inputs: 1,
  outputCount: () => 1,
  validateConfig: () => [],
  configRefs: [],
  ...extra,
});
const types: Record<string, NodeTypeInfo> = {
  tls: info('tls', { isConfig: true, inputs: 0, outputCount: () => 0 }),
  broker: info('broker', {
    isConfig: true,
    inputs: 0,
    outputCount: () => 0,
    configRefs: [{ key: 'tls', type: 'tls' }],
  }),
  pub: info('pub', { configRefs: [{ key: 'broker', type: 'broker' }] }),
};
const catalog: NodeCatalog = { get: (t) => types[t] };

const pub = (id: string, broker: string) => ({
  id,
  type: 'pub',
  typeVersion: 1,
  config: { broker },
  position: { x: 0, y: 0 },
});
const config = (id: string, type: string, cfg: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config: cfg,
});
const shared: Flow = {
  version: 1,
  id: 'plant',
  name: 'Plant',
  shared: true,
  nodes: [],
  wires: [],
  configs: [config('plc', 'broker', { tls: 'plc-tls' }), config('plc-tls', 'tls')],
};
const flow = (id: string, nodes: Flow['nodes']): Flow => ({ version: 1, id, name: id, nodes, wires: [] });

describe('shared config documents', () => {
  it('accept references from any flow of the deployment', () => {
    const r = validateFlows([flow('a', [pub('a1', 'plc')]), shared, flow('b', [pub('b1', 'plc')])], { catalog });
    expect(r.issues).toEqual([]);
    expect(r.ok && r.flows.filter(isSharedConfigDocument).map((f) => f.id)).toEqual(['plant']);
  });

  it('report a dangling reference with its path, a clashing id, and nodes in the shared document', () => {
    const r = validateFlows(
      [
        shared,
        flow('a', [pub('a1', 'plc'), pub('a2', 'plc-typo')]),
        { ...flow('b', [pub('b1', 'plc')]), configs: [config('plc-tls', 'tls')] },
      ],
      { catalog },
    );
    expect(r.issues.map((i) => [i.pathString, i.code, i.message])).toEqual([
      ['$[1].nodes[1].config.broker', 'missing_config_node', 'config node "plc-typo" does not exist'],
      ['$[0].configs[1].id', 'duplicate_id', 'shared config node id "plc-tls" is also defined in flow [2]'],
    ]);
    const withNodes = validateFlows([{ ...shared, nodes: [pub('x', 'plc')] }], { catalog });
    expect(withNodes.issues.map((i) => [i.pathString, i.code])).toEqual([['$[0].nodes', 'nodes_in_shared_document']]);
  });

  it('give a flow the config nodes it references from other documents, transitively, each once', () => {
    const a = flow('a', [pub('a1', 'plc'), pub('a2', 'plc')]);
    const found = referencedConfigs({ flow: a, configs: new Map(shared.configs!.map((c) => [c.id, c])), catalog });
    expect(found.map((c) => c.id)).toEqual(['plc', 'plc-tls']);
    expect(withReferencedConfigs(a, [a, shared], catalog).configs?.map((c) => c.id)).toEqual(['plc', 'plc-tls']);
    const alone = flow('c', []);
    expect(withReferencedConfigs(alone, [alone, shared], catalog)).toBe(alone);
  });
});
