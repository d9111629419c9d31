import { createContext } from 'react';
import type { ApiClient } from '../api/api-client.js';
import type { EditorStore } from '../store/editor-state.js';
import type { RuntimeStore } from '../store/runtime-store.js';
import type { UiStore } from '../store/ui-state.js';

/** Imperative canvas operations other panels need (reveal a node from the debug sidebar, fit). */
export interface CanvasControls {
  fitView(): void;
  revealNode(nodeId: string): void;
  /** Flow coordinates of the visible centre (palette double-click drops there). */
  viewportCenter(): { x: number; y: number };
}

/** Everything a component may talk to: the three stores, the API and the canvas. */
export interface Services {
  editor: EditorStore;
  runtime: RuntimeStore;
  ui: UiStore;
  api: ApiClient;
  canvas: { current: CanvasControls | undefined };
}

export const ServicesContext = createContext<Services | undefined>(undefined);
