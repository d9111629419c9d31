import type { ConfigNode, Flow, NodeCatalogEntry } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../store/changes.js';
import { initialEditorState, loaded } from '../store/editor-state.js';
import { flowsUsingChangedShared, moveToShared, NEW_SHARED_DOCUMENT_ID, tabFlows } from './shared-configs.js';

const entry = (type: string, props: Record<string, unknown> = {}, isConfig = false): NodeCatalogEntry => ({
  type,
  version: 1,
  category: 'x',
  label: type,
  description: '',
  isConfig,
  inputs: 1,
  outputs: [],
  configSchema: { type: 'object', properties: props },
  defaults: {},
});
const catalog = new Map([
  ['read', entry('read', { endpoint: { type: 'string', configRef: 'endpoint' } })],
  ['endpoint', entry('endpoint', {}, true)],
]);
const read = (id: string, endpoint: string) => ({
  id,
  type: 'read',
  typeVersion: 1,
  config: { endpoint },
  position: { x: 0, y: 0 },
});
const endpoint = (id: string, url: string, name = 'PLC'): ConfigNode => ({
  id,
  type: 'endpoint',
  typeVersion: 1,
  name,
  config: { url },
});
const flow = (id: string, nodes: Flow['nodes'], configs: ConfigNode[] = []): Flow => ({
  version: 1,
  id,
  name: `Flow ${id}`,
  nodes,
  wires: [],
  ...(configs.length ? { configs } : {}),
});

describe('move to shared', () => {
  const flows = [
    flow('a', [read('a1', 'a-plc'), read('a2', 'a-plc')], [endpoint('a-plc', 'opc.tcp://plc:4840')]),
    flow('b', [read('b1', 'b-plc')], [endpoint('b-plc', 'opc.tcp://plc:4840', 'the PLC')]),
    flow('c', [read('c1', 'c-other')], [endpoint('c-other', 'opc.tcp://other:4840')]),
  ];

  it('moves the config node into a new shared document and merges identical ones, rewriting their users', () => {
    const next = applyChanges(flows, moveToShared({ flows, flowId: 'a', configId: 'a-plc', catalog }));
    const shared = next.find((f) => f.id === NEW_SHARED_DOCUMENT_ID);
    expect(shared).toMatchObject({ shared: true, nodes: [], configs: [endpoint('a-plc', 'opc.tcp://plc:4840')] });
    const [a, b, c] = tabFlows(next);
    expect(a?.configs).toBeUndefined();
    expect(b?.configs).toBeUndefined();
    expect(b?.nodes[0]?.config).toEqual({ endpoint: 'a-plc' });
    expect(a?.nodes.map((n) => n.config['endpoint'])).toEqual(['a-plc', 'a-plc']);
    // A different endpoint stays the flow's own.
    expect(c?.configs?.map((x) => x.id)).toEqual(['c-other']);
    expect(c?.nodes[0]?.config).toEqual({ endpoint: 'c-other' });
    // A second move goes into the same document.
    const again = applyChanges(next, moveToShared({ flows: next, flowId: 'c', configId: 'c-other', catalog }));
    expect(again.filter((f) => f.shared).map((f) => f.configs?.map((x) => x.id))).toEqual([['a-plc', 'c-other']]);
  });

  it('marks the flows using a shared config node that changed, and no others; the shared document is no tab', () => {
    const deployed = applyChanges(flows, moveToShared({ flows, flowId: 'a', configId: 'a-plc', catalog }));
    expect(flowsUsingChangedShared(deployed, deployed, catalog)).toEqual(new Set());
    const edited = applyChanges(deployed, [
      { type: 'upsert-config', flowId: NEW_SHARED_DOCUMENT_ID, config: endpoint('a-plc', 'opc.tcp://plc2:4840') },
    ]);
    expect(flowsUsingChangedShared(edited, deployed, catalog)).toEqual(new Set(['a', 'b']));
    const state = loaded(initialEditorState(), {
      catalog,
      flows: [deployed[3]!, ...deployed.slice(0, 3)],
      revision: 'r',
    });
    expect(state.activeFlowId).toBe('a');
  });
});
