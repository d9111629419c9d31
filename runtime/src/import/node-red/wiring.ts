import type { Wire } from '@millwright/model';
import type { NodeRedNode } from './types.js';

/**
 * Millwright wires from Node-RED `wires` arrays. Junctions (wire joints) are followed to the real
 * targets, so A -> junction -> B, C becomes A -> B and A -> C. `target(id)` answers the Millwright
 * id of a converted node of the same flow, or undefined (then `missing` is told).
 */
export function wiresFrom(args: {
  node: NodeRedNode;
  fromId: string;
  /** Ports the converted node has; wires from later ports are reported through `droppedPort`. */
  outputs: number;
  byId: ReadonlyMap<string, NodeRedNode>;
  target(nodeRedId: string): string | undefined;
  missing(nodeRedId: string): void;
  droppedPort(port: number): void;
}): Wire[] {
  const wires: Wire[] = [];
  const seen = new Set<string>();
  (args.node.wires ?? []).forEach((targets, port) => {
    if (!Array.isArray(targets) || !targets.length) return;
    if (port >= args.outputs) {
      args.droppedPort(port);
      return;
    }
    for (const id of resolveJunctions(targets, args.byId)) {
      const to = args.target(id);
      if (to === undefined) {
        args.missing(id);
        continue;
      }
      const key = `${port}>${to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      wires.push({ from: { node: args.fromId, port }, to: { node: to, port: 0 } });
    }
  });
  return wires;
}

function resolveJunctions(targets: readonly string[], byId: ReadonlyMap<string, NodeRedNode>): string[] {
  const out: string[] = [];
  const visited = new Set<string>();
  const walk = (id: string) => {
    const n = byId.get(id);
    if (n?.type !== 'junction') {
      out.push(id);
      return;
    }
    if (visited.has(id)) return; // junction loops lead nowhere new
    visited.add(id);
    for (const next of n.wires?.[0] ?? []) walk(next);
  };
  for (const id of targets) walk(id);
  return out;
}
