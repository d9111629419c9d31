import type { ConfigNode, Flow, FlowNode, Position, Wire } from '@millwright/model';

/** What copy puts on the clipboard: nodes, the wires between them, and the config nodes they use. */
export interface ClipboardData {
  kind: 'millwright/nodes';
  nodes: FlowNode[];
  wires: Wire[];
  configs: ConfigNode[];
}

/** Copies the given nodes of a flow. Wires leaving the selection are not copied. */
export function copyNodes(flow: Flow, nodeIds: ReadonlySet<string>): ClipboardData {
  const nodes = flow.nodes.filter((n) => nodeIds.has(n.id));
  const wires = flow.wires.filter((w) => nodeIds.has(w.from.node) && nodeIds.has(w.to.node));
  const referenced = new Set<string>();
  for (const n of nodes) for (const v of Object.values(n.config)) if (typeof v === 'string') referenced.add(v);
  const configs = (flow.configs ?? []).filter((c) => referenced.has(c.id));
  return { kind: 'millwright/nodes', nodes, wires, configs };
}

/**
 * Prepares clipboard content for pasting: fresh node ids, wires remapped, group membership
 * dropped, positions shifted so the copy's top-left lands at `at` (or offset by 30 px).
 * Config nodes already present in the target keep their identity and are not duplicated.
 */
export function pasteNodes(
  data: ClipboardData,
  options: { newId: () => string; existingConfigIds: ReadonlySet<string>; at?: Position },
): { nodes: FlowNode[]; wires: Wire[]; configs: ConfigNode[] } {
  const ids = new Map<string, string>();
  for (const n of data.nodes) ids.set(n.id, options.newId());
  const minX = Math.min(...data.nodes.map((n) => n.position.x));
  const minY = Math.min(...data.nodes.map((n) => n.position.y));
  const dx = options.at ? options.at.x - minX : 30;
  const dy = options.at ? options.at.y - minY : 30;
  const nodes = data.nodes.map((n) => {
    const { group: _group, ...rest } = n;
    return {
      ...rest,
      id: ids.get(n.id) ?? options.newId(),
      position: { x: Math.round(n.position.x + dx), y: Math.round(n.position.y + dy) },
      config: structuredClone(n.config),
    };
  });
  const wires: Wire[] = [];
  for (const w of data.wires) {
    const from = ids.get(w.from.node);
    const to = ids.get(w.to.node);
    if (from && to) wires.push({ from: { node: from, port: w.from.port }, to: { node: to, port: w.to.port } });
  }
  const configs = data.configs.filter((c) => !options.existingConfigIds.has(c.id));
  return { nodes, wires, configs };
}

/** Recognises clipboard content produced by `copyNodes` (e.g. read back from the system clipboard). */
export function isClipboardData(value: unknown): value is ClipboardData {
  if (typeof value !== 'object' || value === null) return false;
  return (
    Reflect.get(value, 'kind') === 'millwright/nodes' &&
    Array.isArray(Reflect.get(value, 'nodes')) &&
    Array.isArray(Reflect.get(value, 'wires')) &&
    Array.isArray(Reflect.get(value, 'configs'))
  );
}
