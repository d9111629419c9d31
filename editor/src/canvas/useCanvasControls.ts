import type { Flow } from '@millwright/model';
import { useReactFlow, useStoreApi, type Viewport } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useServices } from '../app/useServices.js';
import { findNode } from '../store/actions.js';
import { select, setActiveFlow } from '../store/editor-state.js';
import { nodeGeometry } from './node-geometry.js';
import type { RfEdge, RfNode } from './rf-types.js';
import { initialViewport, viewportCenter } from './view-bounds.js';

/**
 * Publishes the canvas operations other panels use (`services.canvas`) and gives every tab its own
 * viewport: leaving a tab remembers it, a first visit fits the flow (or shows the corner of a large one).
 */
export function useCanvasControls(flow: Flow | undefined, initialFlowId: string | undefined): void {
  const services = useServices();
  const { editor, canvas } = services;
  const rf = useReactFlow<RfNode, RfEdge>();
  const store = useStoreApi<RfNode, RfEdge>();
  const viewports = useRef(new Map<string, Viewport>());
  // The first flow already opened with its initial view (`defaultViewport`).
  const shown = useRef<string | undefined>(initialFlowId);
  const pendingReveal = useRef<string | undefined>(undefined);

  useEffect(() => {
    const centerOn = (nodeId: string) => {
      const found = findNode(editor.get(), nodeId);
      if (!found) return;
      const g = nodeGeometry(found.node, editor.get().catalog.get(found.node.type));
      void rf.setCenter(found.node.position.x + g.width / 2, found.node.position.y + g.height / 2, {
        zoom: Math.max(rf.getZoom(), 1),
        duration: 250,
      });
    };
    canvas.current = {
      fitView: () => void rf.fitView({ padding: 0.15, maxZoom: 1, duration: 200 }),
      revealNode(nodeId) {
        const found = findNode(editor.get(), nodeId);
        if (!found) return;
        const switching = found.flow.id !== editor.get().activeFlowId;
        editor.set((s) => select(setActiveFlow(s, found.flow.id), [nodeId]));
        if (switching) pendingReveal.current = nodeId;
        else centerOn(nodeId);
      },
      viewportCenter() {
        const { width, height } = store.getState();
        return viewportCenter(rf.getViewport(), width, height);
      },
    };
    return () => {
      canvas.current = undefined;
    };
  }, [canvas, editor, rf, store]);

  const flowId = flow?.id;
  useEffect(() => {
    if (!flowId || shown.current === flowId) return;
    if (shown.current) viewports.current.set(shown.current, rf.getViewport());
    shown.current = flowId;
    const reveal = pendingReveal.current;
    pendingReveal.current = undefined;
    const st = editor.get();
    const current = st.flows.find((f) => f.id === flowId);
    if (!current) return;
    const { width, height } = store.getState();
    const saved = viewports.current.get(flowId);
    void rf.setViewport(saved ?? initialViewport({ flow: current, catalog: st.catalog, width, height }));
    if (reveal) canvas.current?.revealNode(reveal);
  }, [flowId, rf, store, editor, canvas]);
}
