import type { Flow, FlowNode, Wire } from '@millwright/model';
import { SUBFLOW_IN, SUBFLOW_OUT, SUBFLOW_PORT_TYPES, subflowInstanceType } from '@millwright/model/subflows';
import { newId } from '../store/ids.js';

/** What "Create subflow" makes of a selection: the new definition, the flow using it, the instance's id. */
export interface SubflowFromSelection {
  definition: Flow;
  flow: Flow;
  instanceId: string;
}

/**
 * Moves the selected nodes of `flow` into a new subflow definition and puts one instance in their
 * place. Wires between selected nodes move with them; wires coming in go to the instance's input
 * (a `subflow-in` node feeds every node they reached), and each selected output port wired out of
 * the selection becomes an output of the instance, in order of appearance. Undefined when the
 * selection holds no node that may move (port nodes stay where they are).
 */
export function subflowFromSelection(
  flow: Flow,
  selected: ReadonlySet<string>,
  name: string,
): SubflowFromSelection | undefined {
  const moving = flow.nodes.filter((n) => selected.has(n.id) && !SUBFLOW_PORT_TYPES.has(n.type));
  if (!moving.length) return undefined;
  const inside = new Set(moving.map((n) => n.id));
  const inner = flow.wires.filter((w) => inside.has(w.from.node) && inside.has(w.to.node));
  const incoming = flow.wires.filter((w) => !inside.has(w.from.node) && inside.has(w.to.node));
  const outgoing = flow.wires.filter((w) => inside.has(w.from.node) && !inside.has(w.to.node));

  const xs = moving.map((n) => n.position.x);
  const ys = moving.map((n) => n.position.y);
  const [minX, maxX, midY] = [Math.min(...xs), Math.max(...xs), Math.round((Math.min(...ys) + Math.max(...ys)) / 2)];
  const port = (type: string, x: number, y: number, config: Record<string, unknown> = {}): FlowNode => ({
    id: newId(),
    type,
    typeVersion: 1,
    config,
    position: { x, y },
  });

  const nodes: FlowNode[] = moving.map(({ group: _group, ...n }) => n);
  const wires: Wire[] = [...inner];
  if (incoming.length) {
    const input = port(SUBFLOW_IN, minX - 200, midY);
    nodes.push(input);
    for (const key of unique(incoming.map((w) => `${w.to.node}/${w.to.port}`))) {
      const [node = '', p = '0'] = key.split('/');
      wires.push({ from: { node: input.id, port: 0 }, to: { node, port: Number(p) } });
    }
  }
  const outputs = unique(outgoing.map((w) => `${w.from.node}/${w.from.port}`));
  outputs.forEach((key, k) => {
    const [node = '', p = '0'] = key.split('/');
    const out = port(SUBFLOW_OUT, maxX + 200, midY + k * 80, { port: k });
    nodes.push(out);
    wires.push({ from: { node, port: Number(p) }, to: { node: out.id, port: 0 } });
  });
  const definition: Flow = { version: 1, id: newId(), name, subflow: { params: [] }, nodes, wires };

  const instance: FlowNode = {
    id: newId(),
    type: subflowInstanceType(definition.id),
    typeVersion: 1,
    config: {},
    position: { x: Math.round((minX + maxX) / 2), y: midY },
  };
  const outside = flow.wires.filter((w) => !inside.has(w.from.node) && !inside.has(w.to.node));
  const rewired: Wire[] = [
    ...unique(incoming.map((w) => `${w.from.node}/${w.from.port}`)).map((key) => {
      const [node = '', p = '0'] = key.split('/');
      return { from: { node, port: Number(p) }, to: { node: instance.id, port: 0 } };
    }),
    ...outgoing.map((w) => ({
      from: { node: instance.id, port: outputs.indexOf(`${w.from.node}/${w.from.port}`) },
      to: w.to,
    })),
  ];
  return {
    definition,
    flow: {
      ...flow,
      nodes: [...flow.nodes.filter((n) => !inside.has(n.id)), instance],
      wires: [...outside, ...rewired],
    },
    instanceId: instance.id,
  };
}

/** Distinct `<node>/<port>` keys in order of appearance (`/` never occurs in a node id). */
function unique(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}
