import type { Flow } from '@millwright/model';
import { Panel, useReactFlow, useStore } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef, type PointerEvent, type WheelEvent } from 'react';
import type { Catalog } from '../store/catalog.js';
import { nodeGeometry } from './node-geometry.js';
import { nodeColor } from './node-style.js';
import type { RfEdge, RfNode } from './rf-types.js';

const W = 200;
const H = 130;

/**
 * Overview of the whole flow drawn on a <canvas>: one rectangle per node and the visible area.
 * Click or drag to move the view, scroll to zoom. A canvas redraw of 2,000 nodes takes about a
 * millisecond, where one SVG element per node (React Flow's MiniMap) slows opening large flows.
 */
export const FlowMinimap = memo(function FlowMinimap(props: {
  flow: Flow;
  catalog: Catalog;
  selected: ReadonlySet<string>;
}) {
  const { flow, catalog, selected } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const transform = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const rf = useReactFlow<RfNode, RfEdge>();

  const nodes = useMemo(
    () =>
      flow.nodes.map((n) => {
        const entry = catalog.get(n.type);
        const g = nodeGeometry(n, entry);
        const color = nodeColor(entry?.category, entry?.color);
        return { id: n.id, x: n.position.x, y: n.position.y, w: g.width, h: g.height, color };
      }),
    [flow.nodes, catalog],
  );

  const [tx, ty, zoom] = transform;
  const view = { x: -tx / zoom, y: -ty / zoom, w: width / zoom, h: height / zoom };
  let minX = view.x;
  let minY = view.y;
  let maxX = view.x + view.w;
  let maxY = view.y + view.h;
  for (const n of nodes) {
    if (n.x < minX) minX = n.x;
    if (n.y < minY) minY = n.y;
    if (n.x + n.w > maxX) maxX = n.x + n.w;
    if (n.y + n.h > maxY) maxY = n.y + n.h;
  }
  const pad = Math.max(maxX - minX, maxY - minY) * 0.04;
  const scale = Math.min(W / (maxX - minX + 2 * pad), H / (maxY - minY + 2 * pad));
  const ox = (W - (maxX - minX) * scale) / 2 - minX * scale;
  const oy = (H - (maxY - minY) * scale) / 2 - minY * scale;

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== W * dpr) {
      canvas.width = W * dpr;
      canvas.height = H * dpr;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    for (const n of nodes) {
      ctx.fillStyle = selected.has(n.id) ? '#1d4ed8' : n.color;
      ctx.fillRect(ox + n.x * scale, oy + n.y * scale, Math.max(1, n.w * scale), Math.max(1, n.h * scale));
    }
    const vx = ox + view.x * scale;
    const vy = oy + view.y * scale;
    ctx.beginPath();
    ctx.rect(0, 0, W, H);
    ctx.rect(vx, vy, view.w * scale, view.h * scale);
    ctx.fillStyle = 'rgba(15, 23, 42, 0.08)';
    ctx.fill('evenodd');
    ctx.strokeStyle = '#2563eb';
    ctx.lineWidth = 1.5;
    ctx.strokeRect(vx, vy, view.w * scale, view.h * scale);
  });

  const moveTo = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const fx = (e.clientX - r.left - ox) / scale;
    const fy = (e.clientY - r.top - oy) / scale;
    void rf.setViewport({ x: width / 2 - fx * zoom, y: height / 2 - fy * zoom, zoom });
  };
  const onWheel = (e: WheelEvent) => void (e.deltaY < 0 ? rf.zoomIn({ duration: 100 }) : rf.zoomOut({ duration: 100 }));

  return (
    <Panel position="bottom-right" className="minimap">
      <canvas
        ref={ref}
        style={{ width: W, height: H }}
        data-testid="minimap"
        aria-label="Flow overview: click to move the view"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          moveTo(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1) moveTo(e);
        }}
        onWheel={onWheel}
      />
    </Panel>
  );
});
