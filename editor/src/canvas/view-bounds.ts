import type { Flow, Position } from '@millwright/model';
import type { Viewport } from '@xyflow/react';
import type { Catalog } from '../store/catalog.js';
import { nodeGeometry } from './node-geometry.js';

/** Flows with more nodes than this open at a readable zoom on their top-left corner, not fitted. */
export const LARGE_FLOW = 300;

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bounding box of a flow's nodes, or undefined for an empty flow. */
export function flowBounds(flow: Flow, catalog: Catalog): Bounds | undefined {
  if (!flow.nodes.length) return undefined;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of flow.nodes) {
    const g = nodeGeometry(n, catalog.get(n.type));
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
    maxX = Math.max(maxX, n.position.x + g.width);
    maxY = Math.max(maxY, n.position.y + g.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * The viewport a flow opens with: small flows are fitted (never zoomed in past 100%); large ones
 * show their top-left corner at a readable zoom, so only a screenful of nodes is rendered.
 */
export function initialViewport(args: { flow: Flow; catalog: Catalog; width: number; height: number }): Viewport {
  const b = flowBounds(args.flow, args.catalog);
  if (!b) return { x: 40, y: 40, zoom: 1 };
  const pad = 60;
  const fit = Math.min((args.width - 2 * pad) / Math.max(b.width, 1), (args.height - 2 * pad) / Math.max(b.height, 1));
  if (args.flow.nodes.length > LARGE_FLOW) {
    const zoom = Math.min(1, Math.max(fit, 0.7));
    return { x: pad - b.x * zoom, y: pad - b.y * zoom, zoom };
  }
  const zoom = Math.min(1, Math.max(0.1, fit));
  return {
    x: args.width / 2 - (b.x + b.width / 2) * zoom,
    y: args.height / 2 - (b.y + b.height / 2) * zoom,
    zoom,
  };
}

/** The flow position at the centre of the visible area. */
export function viewportCenter(v: Viewport, width: number, height: number): Position {
  return { x: (width / 2 - v.x) / v.zoom, y: (height / 2 - v.y) / v.zoom };
}
