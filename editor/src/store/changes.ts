import type { ConfigNode, Flow, FlowNode, Group, Position, Wire } from '@millwright/model';
import { wireId } from './ids.js';

/**
 * Every edit of the flow document is one of these. `applyChange` is pure, so undo/redo only needs
 * the previous documents (they share all untouched nodes, so snapshots are cheap).
 */
export type Change =
  | { type: 'add-nodes'; flowId: string; nodes: FlowNode[]; wires?: Wire[]; configs?: ConfigNode[] }
  | { type: 'remove-elements'; flowId: string; nodeIds: readonly string[]; wireIds: readonly string[] }
  | { type: 'move-nodes'; flowId: string; moves: ReadonlyArray<{ id: string; position: Position }> }
  | {
      type: 'update-node';
      flowId: string;
      nodeId: string;
      patch: { name?: string; config?: Record<string, unknown>; disabled?: boolean };
      /** Output port count after the patch; wires from ports at or beyond it are dropped. */
      outputCount?: number;
    }
  | { type: 'add-wire'; flowId: string; wire: Wire }
  | { type: 'add-flow'; flow: Flow; index?: number }
  | { type: 'remove-flow'; flowId: string }
  | {
      type: 'update-flow';
      flowId: string;
      /**
       * `context: null` removes the flow's own choice: the runtime's default store applies;
       * `placement: null` removes the placement: once, on any runtime of a cluster.
       */
      patch: {
        name?: string;
        disabled?: boolean;
        info?: string;
        isolation?: 'shared' | 'dedicated';
        context?: Flow['context'] | null;
        placement?: Flow['placement'] | null;
        /** A subflow definition's parameters, category, colour (decision 0024). */
        subflow?: Flow['subflow'];
      };
    }
  | { type: 'replace-flows'; flows: Flow[] }
  | { type: 'group-nodes'; flowId: string; group: Group; nodeIds: readonly string[] }
  | { type: 'ungroup'; flowId: string; groupId: string }
  | { type: 'update-group'; flowId: string; groupId: string; patch: { name?: string; color?: string } }
  | { type: 'upsert-config'; flowId: string; config: ConfigNode }
  | { type: 'remove-config'; flowId: string; configId: string };

/** Applies one change to the list of flows. Unknown flows or nodes leave the document unchanged. */
export function applyChange(flows: Flow[], change: Change): Flow[] {
  switch (change.type) {
    case 'add-flow': {
      const next = [...flows];
      next.splice(change.index ?? flows.length, 0, change.flow);
      return next;
    }
    case 'remove-flow':
      return flows.filter((f) => f.id !== change.flowId);
    case 'replace-flows':
      return change.flows;
    default:
      return updateFlow(flows, change.flowId, (flow) => applyToFlow(flow, change));
  }
}

/** Applies a batch of changes in order. */
export function applyChanges(flows: Flow[], changes: readonly Change[]): Flow[] {
  return changes.reduce(applyChange, flows);
}

type FlowChange = Exclude<Change, { type: 'add-flow' | 'remove-flow' | 'replace-flows' }>;

function applyToFlow(flow: Flow, change: FlowChange): Flow {
  switch (change.type) {
    case 'add-nodes': {
      const wires = change.wires ?? [];
      const configs = change.configs ?? [];
      const known = new Set((flow.configs ?? []).map((c) => c.id));
      return {
        ...flow,
        nodes: [...flow.nodes, ...change.nodes],
        wires: wires.length ? [...flow.wires, ...wires] : flow.wires,
        ...(configs.length ? { configs: [...(flow.configs ?? []), ...configs.filter((c) => !known.has(c.id))] } : {}),
      };
    }
    case 'remove-elements': {
      const nodes = new Set(change.nodeIds);
      const wires = new Set(change.wireIds);
      if (!nodes.size && !wires.size) return flow;
      return {
        ...flow,
        nodes: nodes.size ? flow.nodes.filter((n) => !nodes.has(n.id)) : flow.nodes,
        wires: flow.wires.filter((w) => !nodes.has(w.from.node) && !nodes.has(w.to.node) && !wires.has(wireId(w))),
      };
    }
    case 'move-nodes': {
      const moves = new Map(change.moves.map((m) => [m.id, m.position]));
      let touched = false;
      const nodes = flow.nodes.map((n) => {
        const p = moves.get(n.id);
        if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
        touched = true;
        return { ...n, position: { x: p.x, y: p.y } };
      });
      return touched ? { ...flow, nodes } : flow;
    }
    case 'update-node': {
      const index = flow.nodes.findIndex((n) => n.id === change.nodeId);
      const node = flow.nodes[index];
      if (!node) return flow;
      const updated: FlowNode = { ...node, ...change.patch };
      if (change.patch.name === '') delete updated.name;
      const nodes = [...flow.nodes];
      nodes[index] = updated;
      const limit = change.outputCount;
      const wires =
        limit === undefined
          ? flow.wires
          : flow.wires.filter((w) => w.from.node !== change.nodeId || w.from.port < limit);
      return { ...flow, nodes, wires: wires.length === flow.wires.length ? flow.wires : wires };
    }
    case 'add-wire': {
      const id = wireId(change.wire);
      if (flow.wires.some((w) => wireId(w) === id)) return flow;
      return { ...flow, wires: [...flow.wires, change.wire] };
    }
    case 'update-flow': {
      const { context, placement, ...rest } = change.patch;
      const next: Flow = { ...flow, ...rest };
      if (context === null) delete next.context;
      else if (context !== undefined) next.context = context;
      if (placement === null) delete next.placement;
      else if (placement !== undefined) next.placement = placement;
      if (change.patch.info === '') delete next.info;
      if (change.patch.isolation === 'shared') delete next.isolation; // shared is the default: stored as absent
      return next;
    }
    case 'group-nodes': {
      const members = new Set(change.nodeIds);
      return {
        ...flow,
        groups: [...(flow.groups ?? []), change.group],
        nodes: flow.nodes.map((n) => (members.has(n.id) ? { ...n, group: change.group.id } : n)),
      };
    }
    case 'ungroup': {
      const groups = (flow.groups ?? []).filter((g) => g.id !== change.groupId);
      const next: Flow = {
        ...flow,
        nodes: flow.nodes.map((n) => {
          if (n.group !== change.groupId) return n;
          const { group: _g, ...rest } = n;
          return rest;
        }),
      };
      if (groups.length) next.groups = groups;
      else delete next.groups;
      return next;
    }
    case 'update-group': {
      if (!flow.groups?.some((g) => g.id === change.groupId)) return flow;
      return { ...flow, groups: flow.groups.map((g) => (g.id === change.groupId ? { ...g, ...change.patch } : g)) };
    }
    case 'upsert-config': {
      const configs = flow.configs ?? [];
      const i = configs.findIndex((c) => c.id === change.config.id);
      const next = i < 0 ? [...configs, change.config] : configs.map((c, j) => (j === i ? change.config : c));
      return { ...flow, configs: next };
    }
    case 'remove-config': {
      const configs = (flow.configs ?? []).filter((c) => c.id !== change.configId);
      const next: Flow = { ...flow, configs };
      if (!configs.length) delete next.configs;
      return next;
    }
  }
}

function updateFlow(flows: Flow[], flowId: string, update: (flow: Flow) => Flow): Flow[] {
  const i = flows.findIndex((f) => f.id === flowId);
  const flow = flows[i];
  if (!flow) return flows;
  const next = update(flow);
  if (next === flow) return flows;
  const out = [...flows];
  out[i] = next;
  return out;
}
