import type { Flow, FlowNode, NodeCatalogEntry } from '@millwright/model';
import type { Catalog } from '../store/catalog.js';
import type { Selection } from '../store/editor-state.js';
import { wireId } from '../store/ids.js';
import { handlesOf, nodeGeometry } from './node-geometry.js';
import { GROUP_PREFIX, type FlowRfNode, type GroupRfNode, type RfEdge, type RfNode } from './rf-types.js';

interface NodeContext {
  catalog: Catalog;
  selection: Selection;
  modified: ReadonlySet<string> | undefined;
}

interface CachedNode {
  node: FlowNode;
  entry: NodeCatalogEntry | undefined;
  selected: boolean;
  modified: boolean;
  rf: FlowRfNode;
}

/**
 * Turns the flow document into React Flow nodes and edges, reusing the previous object for every
 * element whose inputs did not change. React Flow skips unchanged node objects, so moving one
 * node of 2,000 re-renders one node.
 */
export class RfMapper {
  private nodeCache = new Map<string, CachedNode>();
  private edgeCache = new Map<string, { selected: boolean; rf: RfEdge }>();
  private lastEdges: { wires: Flow['wires']; selected: ReadonlySet<string>; result: RfEdge[] } | undefined;
  private groupCache:
    { nodes: Flow['nodes']; groups: Flow['groups']; catalog: Catalog; result: GroupRfNode[] } | undefined;

  nodes(flow: Flow, ctx: NodeContext): RfNode[] {
    const next = new Map<string, CachedNode>();
    const out: RfNode[] = this.groups(flow, ctx.catalog);
    for (const node of flow.nodes) {
      const entry = ctx.catalog.get(node.type);
      const selected = ctx.selection.nodes.has(node.id);
      const modified = ctx.modified?.has(node.id) ?? false;
      const old = this.nodeCache.get(node.id);
      const cached =
        old && old.node === node && old.entry === entry && old.selected === selected && old.modified === modified
          ? old
          : { node, entry, selected, modified, rf: toRfNode(node, entry, selected, modified) };
      next.set(node.id, cached);
      out.push(cached.rf);
    }
    this.nodeCache = next;
    return out;
  }

  edges(flow: Flow, selection: Selection): RfEdge[] {
    // Moving nodes changes the flow but not its wires: hand React Flow the same array, so it does not
    // rebuild its connection index (O(wires)) on every drag frame.
    const last = this.lastEdges;
    if (last && last.wires === flow.wires && last.selected === selection.wires) return last.result;
    const next = new Map<string, { selected: boolean; rf: RfEdge }>();
    const out: RfEdge[] = [];
    for (const wire of flow.wires) {
      const id = wireId(wire);
      const selected = selection.wires.has(id);
      const old = this.edgeCache.get(id);
      const cached =
        old && old.selected === selected
          ? old
          : {
              selected,
              rf: {
                id,
                source: wire.from.node,
                sourceHandle: `out-${wire.from.port}`,
                target: wire.to.node,
                targetHandle: 'in',
                selected,
              },
            };
      next.set(id, cached);
      out.push(cached.rf);
    }
    this.edgeCache = next;
    this.lastEdges = { wires: flow.wires, selected: selection.wires, result: out };
    return out;
  }

  /** Group boxes: the bounding box of their members plus a margin and a title bar. */
  private groups(flow: Flow, catalog: Catalog): GroupRfNode[] {
    if (!flow.groups?.length) return [];
    const c = this.groupCache;
    if (c && c.nodes === flow.nodes && c.groups === flow.groups && c.catalog === catalog) return c.result;
    const result: GroupRfNode[] = [];
    for (const group of flow.groups) {
      const members = flow.nodes.filter((n) => n.group === group.id);
      if (!members.length) continue;
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const n of members) {
        const g = nodeGeometry(n, catalog.get(n.type));
        minX = Math.min(minX, n.position.x);
        minY = Math.min(minY, n.position.y);
        maxX = Math.max(maxX, n.position.x + g.width);
        maxY = Math.max(maxY, n.position.y + g.height);
      }
      const margin = 20;
      const width = maxX - minX + 2 * margin;
      const height = maxY - minY + 2 * margin + 16;
      result.push({
        id: `${GROUP_PREFIX}${group.id}`,
        type: 'mwGroup',
        position: { x: minX - margin, y: minY - margin - 16 },
        width,
        height,
        measured: { width, height },
        selectable: false,
        draggable: false,
        connectable: false,
        zIndex: -1,
        data: { group, members: members.map((n) => n.id) },
      });
    }
    this.groupCache = { nodes: flow.nodes, groups: flow.groups, catalog, result };
    return result;
  }
}

function toRfNode(
  node: FlowNode,
  entry: NodeCatalogEntry | undefined,
  selected: boolean,
  modified: boolean,
): FlowRfNode {
  const g = nodeGeometry(node, entry);
  return {
    id: node.id,
    type: 'mw',
    position: node.position,
    width: g.width,
    height: g.height,
    measured: { width: g.width, height: g.height },
    handles: handlesOf(g),
    selected,
    data: {
      node,
      entry,
      label: g.label,
      outputs: g.outputs,
      modified,
    },
  };
}
