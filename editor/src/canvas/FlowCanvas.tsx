import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  SelectionMode,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useMemo, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { useDocumentDiff } from '../deploy/useDocumentDiff.js';
import { addNode, connect } from '../store/actions.js';
import { activeFlow, beginTransient, edit, endTransient } from '../store/editor-state.js';
import { openDialog } from '../store/ui-state.js';
import { OPCUA_MIME, readOpcuaDrop } from '../opcua/opcua-drop.js';
import { ContextMenu } from './ContextMenu.js';
import { contextMenuItems, type MenuItem } from './context-menu-items.js';
import { GroupView } from './GroupView.js';
import { portOfHandle } from './node-geometry.js';
import { FlowMinimap } from './FlowMinimap.js';
import { NodeView } from './NodeView.js';
import { RfMapper } from './rf-mapper.js';
import { GROUP_PREFIX, type RfEdge, type RfNode } from './rf-types.js';
import { useCanvasControls } from './useCanvasControls.js';
import { initialViewport } from './view-bounds.js';

/** MIME type of palette drags. */
export const PALETTE_MIME = 'application/x-millwright-node';

const nodeTypes: NodeTypes = { mw: NodeView, mwGroup: GroupView };

/**
 * The canvas of the open flow. The flow document store is the source of truth: React Flow gets
 * derived, cached node/edge objects and reports user gestures back as changes.
 */
export function FlowCanvas() {
  const services = useServices();
  const { editor, ui } = services;
  const flow = useEditor(activeFlow);
  const catalog = useEditor((s) => s.catalog);
  const selection = useEditor((s) => s.selection);
  const diff = useDocumentDiff();
  const rf = useReactFlow<RfNode, RfEdge>();
  const mapper = useRef(new RfMapper()).current;
  // The first view is computed before the first render, so a large flow renders its visible nodes once.
  const [initial] = useState(() => ({
    flowId: flow?.id,
    viewport: flow
      ? initialViewport({ flow, catalog, width: window.innerWidth - 560, height: window.innerHeight - 90 })
      : undefined,
  }));
  useCanvasControls(flow, initial.flowId);

  const modified = flow ? diff.modifiedNodes.get(flow.id) : undefined;
  const nodes = useMemo(
    () => (flow ? mapper.nodes(flow, { catalog, selection, modified }) : []),
    [mapper, flow, catalog, selection, modified],
  );
  const edges = useMemo(() => (flow ? mapper.edges(flow, selection) : []), [mapper, flow, selection]);

  const onNodesChange = useCallback(
    (changes: NodeChange<RfNode>[]) => {
      const st = editor.get();
      const moves: Array<{ id: string; position: { x: number; y: number } }> = [];
      let nodes: Set<string> | undefined;
      for (const c of changes) {
        if (c.type === 'position' && c.position && !c.id.startsWith(GROUP_PREFIX))
          moves.push({ id: c.id, position: { x: Math.round(c.position.x), y: Math.round(c.position.y) } });
        else if (c.type === 'select' && !c.id.startsWith(GROUP_PREFIX)) {
          nodes ??= new Set(st.selection.nodes);
          if (c.selected) nodes.add(c.id);
          else nodes.delete(c.id);
        }
        // 'dimensions' is ignored: sizes come from node-geometry. 'remove' is ours (keyboard shortcuts).
      }
      if (!moves.length && !nodes) return;
      editor.set((s) => {
        let next = moves.length ? edit(s, { type: 'move-nodes', flowId: s.activeFlowId, moves }) : s;
        if (nodes) next = { ...next, selection: { nodes, wires: next.selection.wires }, inspectedConfig: undefined };
        return next;
      });
    },
    [editor],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<RfEdge>[]) => {
      let wires: Set<string> | undefined;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        wires ??= new Set(editor.get().selection.wires);
        if (c.selected) wires.add(c.id);
        else wires.delete(c.id);
      }
      if (wires) {
        const w = wires;
        editor.set((s) => ({ ...s, selection: { nodes: s.selection.nodes, wires: w } }));
      }
    },
    [editor],
  );

  const onConnect = useCallback(
    (c: Connection) =>
      editor.set((s) =>
        connect(s, { from: { node: c.source, port: portOfHandle(c.sourceHandle) }, to: { node: c.target, port: 0 } }),
      ),
    [editor],
  );
  const isValidConnection = useCallback(
    (c: Connection | RfEdge) => c.source !== c.target && (c.targetHandle ?? 'in') === 'in',
    [],
  );
  const onDragStart = useCallback(() => editor.set(beginTransient), [editor]);
  const onDragStop = useCallback(() => editor.set((s) => endTransient(s)), [editor]);
  const onNodeDoubleClick = useCallback(() => ui.set((u) => ({ ...u, rightTab: 'properties' })), [ui]);

  // Right-click menu on a node, a selection or empty canvas.
  const [menu, setMenu] = useState<{ x: number; y: number; items: MenuItem[] }>();
  const closeMenu = useCallback(() => setMenu(undefined), []);
  const openMenu = useCallback(
    (e: ReactMouseEvent | MouseEvent, nodeId?: string) => {
      e.preventDefault();
      const at = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      setMenu({ x: e.clientX, y: e.clientY, items: contextMenuItems(services, { ...(nodeId ? { nodeId } : {}), at }) });
    },
    [rf, services],
  );
  const onSelectionContextMenu = useCallback((e: ReactMouseEvent) => openMenu(e), [openMenu]);
  const onNodeContextMenu = useCallback(
    (e: ReactMouseEvent, node: RfNode) => openMenu(e, node.id.startsWith(GROUP_PREFIX) ? undefined : node.id),
    [openMenu],
  );

  // Ctrl/Cmd+click on empty canvas: add a node there by typing its name (as in Node-RED).
  const onPaneClick = useCallback(
    (e: ReactMouseEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      openDialog(ui, { kind: 'quick-add', at: rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
    },
    [ui, rf],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME) && !e.dataTransfer.types.includes(OPCUA_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const at = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const variable = readOpcuaDrop(e.dataTransfer.getData(OPCUA_MIME));
      if (variable) {
        // A variable from the OPC UA browser: an opcua-read of it, on the endpoint it was browsed with.
        e.preventDefault();
        editor.set((s) =>
          addNode(s, 'opcua-read', at, {
            name: variable.displayName,
            config: { endpoint: variable.endpoint, items: [{ nodeId: variable.nodeId, name: variable.displayName }] },
          }),
        );
        return;
      }
      const type = e.dataTransfer.getData(PALETTE_MIME);
      if (!type) return;
      e.preventDefault();
      editor.set((s) => addNode(s, type, at));
    },
    [editor, rf],
  );

  return (
    <div className="canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<RfNode, RfEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDragStart={onDragStart}
        onNodeDragStop={onDragStop}
        onSelectionDragStart={onDragStart}
        onSelectionDragStop={onDragStop}
        onNodeDoubleClick={onNodeDoubleClick}
        onPaneClick={onPaneClick}
        onPaneContextMenu={openMenu}
        onNodeContextMenu={onNodeContextMenu}
        onSelectionContextMenu={onSelectionContextMenu}
        onlyRenderVisibleElements
        {...(initial.viewport ? { defaultViewport: initial.viewport } : {})}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Shift', 'Control', 'Meta']}
        selectionOnDrag
        selectionMode={SelectionMode.Partial}
        panOnDrag={[1, 2]}
        panOnScroll
        snapToGrid
        snapGrid={[10, 10]}
        minZoom={0.1}
        maxZoom={2.5}
        defaultEdgeOptions={{ interactionWidth: 12 }}
        attributionPosition="top-right"
        nodeDragThreshold={2}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        {flow && <FlowMinimap flow={flow} catalog={catalog} selected={selection.nodes} />}
        <Controls showInteractive={false} />
      </ReactFlow>
      {menu && <ContextMenu x={menu.x} y={menu.y} items={menu.items} onClose={closeMenu} />}
    </div>
  );
}
