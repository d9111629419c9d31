import type { FlowNode, NodeCatalogEntry } from '@millwright/model';
import { Position, type NodeHandle } from '@xyflow/react';
import { nodeLabel, outputCount } from '../store/catalog.js';

/** Node height with one output port, and the spacing between output ports. */
export const NODE_HEIGHT = 32;
export const PORT_SPACING = 16;
const PORT_SIZE = 10;
const CHAR_WIDTH = 6.8;

/** Size and ports of a node on the canvas; fixed by its label and port count, so nothing needs measuring. */
export interface NodeGeometry {
  width: number;
  height: number;
  inputs: number;
  outputs: number;
  label: string;
}

const cache = new WeakMap<FlowNode, { entry: NodeCatalogEntry | undefined; geometry: NodeGeometry }>();

/**
 * Deterministic node geometry: the DOM renders exactly this size (see `NodeView`). Memoised per
 * node object, since bounds, minimap and canvas all ask for every node of a large flow.
 */
export function nodeGeometry(node: FlowNode, entry: NodeCatalogEntry | undefined): NodeGeometry {
  const hit = cache.get(node);
  if (hit && hit.entry === entry) return hit.geometry;
  const label = nodeLabel(node, entry);
  const outputs = outputCount(entry, node.config);
  const inputs = entry?.inputs ?? 1;
  const width = Math.min(240, Math.max(110, Math.ceil((label.length * CHAR_WIDTH + 58) / 10) * 10));
  const height = Math.max(NODE_HEIGHT, outputs * PORT_SPACING + 8);
  const geometry = { width, height, inputs, outputs, label };
  cache.set(node, { entry, geometry });
  return geometry;
}

/** Vertical centre of output port `i`. */
export function portY(i: number, outputs: number, height: number): number {
  return height / 2 + (i - (outputs - 1) / 2) * PORT_SPACING;
}

/**
 * Handle bounds given to React Flow up front, so wires to nodes that are off screen (and never
 * rendered, see `onlyRenderVisibleElements`) still have their end points.
 */
export function handlesOf(g: NodeGeometry): NodeHandle[] {
  const handles: NodeHandle[] = [];
  const half = PORT_SIZE / 2;
  if (g.inputs > 0)
    handles.push({
      id: 'in',
      type: 'target',
      position: Position.Left,
      x: -half,
      y: g.height / 2 - half,
      width: PORT_SIZE,
      height: PORT_SIZE,
    });
  for (let i = 0; i < g.outputs; i++)
    handles.push({
      id: `out-${i}`,
      type: 'source',
      position: Position.Right,
      x: g.width - half,
      y: portY(i, g.outputs, g.height) - half,
      width: PORT_SIZE,
      height: PORT_SIZE,
    });
  return handles;
}

/** Output port index from a handle id (`out-2` -> 2). */
export function portOfHandle(handle: string | null | undefined): number {
  const m = /^out-(\d+)$/.exec(handle ?? '');
  return m ? Number(m[1]) : 0;
}
