import type { NodeCatalogEntry } from '@millwright/model';
import {
  Background,
  BackgroundVariant,
  Controls,
  Handle,
  Position,
  ReactFlow,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
  type NodeTypes,
} from '@xyflow/react';
import { memo, useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { useUi } from '../app/useUi.js';
import { handlesOf, nodeGeometry, portY } from '../canvas/node-geometry.js';
import { NodeIcon } from '../canvas/NodeIcon.js';
import { nodeColor } from '../canvas/node-style.js';
import type { Catalog } from '../store/catalog.js';
import { wireId } from '../store/ids.js';
import { closeDiff } from './run-history.js';
import { changeCount, diffCanvasFlow, type DiffCanvasFlow, type DiffMark, type DiffView } from './diff-view.js';

interface DiffNodeData extends Record<string, unknown> {
  entry: NodeCatalogEntry | undefined;
  type: string;
  label: string;
  outputs: number;
  inputs: number;
  mark: DiffMark | undefined;
}
type DiffRfNode = Node<DiffNodeData, 'diff'>;

const nodeTypes: NodeTypes = { diff: memo(DiffNodeView) };

const LEGEND: Array<[DiffMark, string]> = [
  ['added', 'added'],
  ['changed', 'changed'],
  ['moved', 'moved'],
  ['removed', 'removed'],
];

/**
 * The canvas in diff mode (history panel): the `after` side of one flow, read-only, with added
 * nodes green, changed amber, moved blue, removed ones as dashed red ghosts at their old place,
 * and wires added green, removed dashed red. The banner picks the flow and leaves diff mode (or Esc).
 */
export function DiffCanvas() {
  const services = useServices();
  const view = useUi((s) => s.diffView);
  const catalog = useEditor((s) => s.catalog);
  const shown = useMemo(() => (view ? diffCanvasFlow(view, view.flowId) : undefined), [view]);
  useFollowTab();
  const { nodes, edges } = useMemo(
    () => (shown ? toReactFlow(shown, catalog) : { nodes: [], edges: [] }),
    [shown, catalog],
  );
  if (!view || !shown) return null;
  return (
    <div className="canvas diff-mode" data-testid="diff-canvas" data-flow-id={shown.flowId}>
      <DiffBanner view={view} onExit={() => closeDiff(services)} />
      <ReactFlow<DiffRfNode, Edge>
        key={shown.flowId}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        onlyRenderVisibleElements
        panOnScroll
        minZoom={0.1}
        maxZoom={2.5}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        attributionPosition="top-right"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <Controls showInteractive={false} />
        <FocusNode nodeId={view.focus} />
      </ReactFlow>
    </div>
  );
}

/** A flow tab clicked during diff mode shows that flow's diff (when either side has the flow). */
function useFollowTab(): void {
  const { ui } = useServices();
  const active = useEditor((s) => s.activeFlowId);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    ui.set((u) => {
      const v = u.diffView;
      const known = v && [...v.before.flows, ...v.after.flows].some((f) => f.id === active);
      return v && known && v.flowId !== active ? { ...u, diffView: { ...v, flowId: active, focus: undefined } } : u;
    });
  }, [ui, active]);
}

/** Centres the node picked in the diff list. */
function FocusNode({ nodeId }: { nodeId: string | undefined }) {
  const rf = useReactFlow();
  useEffect(() => {
    if (nodeId) void rf.fitView({ nodes: [{ id: nodeId }], maxZoom: 1.2, duration: 200 });
  }, [rf, nodeId]);
  return null;
}

function DiffBanner({ view, onExit }: { view: DiffView; onExit: () => void }) {
  const { ui } = useServices();
  const pick = (flowId: string) => ui.set((u) => (u.diffView ? { ...u, diffView: { ...u.diffView, flowId } } : u));
  return (
    <div className="diff-banner" data-testid="diff-banner">
      <span className="diff-banner-title">
        Diff: <strong>{view.before.label}</strong> → <strong>{view.after.label}</strong>
      </span>
      <span className="diff-banner-flows">
        {view.diff.flows.map((f) => (
          <button
            key={f.id}
            type="button"
            className={`diff-chip diff-${f.kind} ${f.id === view.flowId ? 'active' : ''}`}
            onClick={() => pick(f.id)}
            data-testid={`diff-flow-chip-${f.id}`}
          >
            {f.name} ({f.kind === 'changed' ? changeCount(f) : f.kind})
          </button>
        ))}
        {!view.diff.flows.length && <span className="muted">no differences</span>}
      </span>
      <span className="diff-legend">
        {LEGEND.map(([mark, text]) => (
          <span key={mark} className={`diff-legend-item diff-${mark}`}>
            {text}
          </span>
        ))}
      </span>
      <button type="button" onClick={onExit} data-testid="diff-exit" title="Back to editing (Esc)">
        Exit diff
      </button>
    </div>
  );
}

/** React Flow nodes and edges of a diff flow; geometry as on the editing canvas, so nothing jumps. */
function toReactFlow(flow: DiffCanvasFlow, catalog: Catalog): { nodes: DiffRfNode[]; edges: Edge[] } {
  const nodes = flow.nodes.map(({ node, mark }): DiffRfNode => {
    const entry = catalog.get(node.type);
    const g = nodeGeometry(node, entry);
    return {
      // A removed node's ghost never shares an id with a node of the after side (ids are unique per flow).
      id: node.id,
      type: 'diff',
      position: node.position,
      width: g.width,
      height: g.height,
      measured: { width: g.width, height: g.height },
      handles: handlesOf(g),
      zIndex: mark === 'removed' ? 0 : 1,
      data: { entry, type: node.type, label: g.label, outputs: g.outputs, inputs: g.inputs, mark },
    };
  });
  const edges = flow.wires.map(({ wire, mark }): Edge => ({
    id: `${mark ?? 'same'}:${wireId(wire)}`,
    source: wire.from.node,
    sourceHandle: `out-${wire.from.port}`,
    target: wire.to.node,
    targetHandle: 'in',
    ...(mark ? { className: `diff-${mark}` } : {}),
  }));
  return { nodes, edges };
}

function DiffNodeView({ id, data, width, height }: NodeProps<DiffRfNode>) {
  const h = height ?? 32;
  const style: CSSProperties & { '--node-color': string } = {
    '--node-color': nodeColor(data.entry?.category, data.entry?.color),
    width,
    height: h,
  };
  return (
    <div
      className={`mw-node diff-node ${data.mark ? `diff-${data.mark}` : ''}`}
      style={style}
      data-testid={`diff-node-${id}`}
      data-mark={data.mark ?? 'same'}
      title={data.mark ? `${data.mark}: ${data.label}` : data.label}
    >
      <span className="mw-node-icon">
        <NodeIcon icon={data.entry?.icon} type={data.type} />
      </span>
      <span className="mw-node-label">{data.label}</span>
      {data.mark && <span className="diff-node-mark">{data.mark}</span>}
      {data.inputs > 0 && <Handle type="target" position={Position.Left} id="in" className="mw-port" />}
      {Array.from({ length: data.outputs }, (_, i) => (
        <Handle
          key={i}
          type="source"
          position={Position.Right}
          id={`out-${i}`}
          className="mw-port"
          style={{ top: portY(i, data.outputs, h) }}
        />
      ))}
    </div>
  );
}
