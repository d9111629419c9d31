import { UserError, type Flow, type FlowNode, type NodeCatalog } from '@millwright/model';
import { STAND_IN_TYPE } from './stand-in.js';
import type { FlowTestCase } from './test-file.js';

/** Node types that talk to the outside world and are replaced by stand-ins unless a stub says `none`. */
export const CONNECTOR_TYPE = /^(opcua|mqtt|sparkplug|http|erp|modbus|s7|ws|tcp|udp)-/;

/**
 * The flow as a test case runs it: connector nodes (and stubbed or `standIns` types) become
 * `test-stand-in` nodes with the same ports, config nodes nothing uses any more are left out (so
 * no broker or server is contacted), and inject timers are off unless the case keeps them.
 * Throws `UserError` `unknown_stub` for a stub naming a node the flow does not have.
 */
export function prepareFlow(args: {
  flow: Flow;
  catalog: NodeCatalog;
  testCase: FlowTestCase;
  standInTypes: readonly string[];
}): Flow {
  const { flow, catalog, testCase } = args;
  for (const id of Object.keys(testCase.stubs))
    if (!flow.nodes.some((n) => n.id === id))
      throw new UserError('unknown_stub', `stub "${id}": the flow "${flow.id}" has no node with this id`);
  const replace = (n: FlowNode) => {
    const stub = testCase.stubs[n.id];
    if (stub) return stub.replaceWith === 'recorded';
    return CONNECTOR_TYPE.test(n.type) || args.standInTypes.includes(n.type);
  };
  const nodes = flow.nodes.map((n): FlowNode => {
    if (replace(n)) {
      const info = catalog.get(n.type);
      return {
        ...n,
        type: STAND_IN_TYPE,
        typeVersion: 1,
        config: {
          originalType: n.type,
          source: (info?.inputs ?? 1) === 0,
          outputs: info?.outputCount(n.config) ?? 1,
          recorded: testCase.stubs[n.id]?.outputs ?? [],
        },
      };
    }
    if (n.type === 'inject' && !testCase.keepTimers)
      return { ...n, config: { ...n.config, once: false, repeat: 'none' } };
    return n;
  });
  return { ...flow, nodes, configs: usedConfigs(flow, nodes, catalog) };
}

/** Config nodes still referenced by the remaining nodes (directly or through other config nodes). */
function usedConfigs(flow: Flow, nodes: readonly FlowNode[], catalog: NodeCatalog): Flow['configs'] {
  const all = new Map((flow.configs ?? []).map((c) => [c.id, c]));
  const used = new Set<string>();
  const visit = (type: string, config: Record<string, unknown>) => {
    for (const ref of catalog.get(type)?.configRefs ?? []) {
      const id = config[ref.key];
      if (typeof id !== 'string' || used.has(id)) continue;
      const c = all.get(id);
      if (!c) continue;
      used.add(id);
      visit(c.type, c.config);
    }
  };
  for (const n of nodes) visit(n.type, n.config);
  return (flow.configs ?? []).filter((c) => used.has(c.id));
}
