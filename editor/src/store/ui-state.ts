import type { DeployMode, Position, SnapshotMeta } from '@millwright/model';
import type { DiffView } from '../history/diff-view.js';
import { createStore, type Store } from './create-store.js';

export type Dialog =
  | { kind: 'import' }
  | { kind: 'export' }
  | { kind: 'conflict'; mode: DeployMode; message?: string }
  | { kind: 'deploy-message' }
  | { kind: 'rollback'; snapshot: SnapshotMeta }
  | { kind: 'promote'; snapshot: SnapshotMeta }
  | { kind: 'token'; reason: string }
  | { kind: 'shortcuts' }
  | { kind: 'search' }
  | { kind: 'quick-add'; at: Position; initial?: string }
  | { kind: 'queues' }
  | { kind: 'fleet' };

export interface Toast {
  id: number;
  tone: 'info' | 'success' | 'error';
  text: string;
}

/** How the debug sidebar narrows its list. */
export interface DebugFilter {
  scope: 'all' | 'flow' | 'selected';
  text: string;
  /** Only this node's entries. */
  nodeId?: string | undefined;
}

/** Chrome around the canvas: dialogs, toasts, sidebar tab, deploy mode. */
export interface UiState {
  dialog: Dialog | undefined;
  toasts: Toast[];
  /** Id of the chosen right-panel tab (`RIGHT_PANELS` in layout/panels.tsx). */
  rightTab: string;
  deployMode: DeployMode;
  deploying: boolean;
  /** While deploying: the flows the deploy (re)starts, and their state events before it began. */
  deployProgress?: { flowIds: readonly string[]; before: ReadonlyMap<string, unknown> } | undefined;
  debugFilter: DebugFilter;
  /** Set while the canvas shows a diff (history panel) instead of the editable flow. */
  diffView: DiffView | undefined;
}

export type UiStore = Store<UiState>;

const MODE_KEY = 'millwright.deployMode';

export function createUiStore(): UiStore {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(MODE_KEY) : null;
  const deployMode: DeployMode = saved === 'flows' || saved === 'nodes' ? saved : 'full';
  return createStore<UiState>({
    dialog: undefined,
    toasts: [],
    rightTab: 'properties',
    deployMode,
    deploying: false,
    debugFilter: { scope: 'all', text: '' },
    diffView: undefined,
  });
}

/** Remembers the chosen deploy mode across reloads. */
export function setDeployMode(ui: UiStore, mode: DeployMode): void {
  localStorage.setItem(MODE_KEY, mode);
  ui.set((s) => ({ ...s, deployMode: mode }));
}

let toastSeq = 0;

/** Shows a toast for a few seconds (errors stay longer). */
export function toast(ui: UiStore, tone: Toast['tone'], text: string): void {
  const id = ++toastSeq;
  ui.set((s) => ({ ...s, toasts: [...s.toasts.slice(-3), { id, tone, text }] }));
  setTimeout(
    () => ui.set((s) => ({ ...s, toasts: s.toasts.filter((t) => t.id !== id) })),
    tone === 'error' ? 8_000 : 3_000,
  );
}

export function openDialog(ui: UiStore, dialog: Dialog | undefined): void {
  ui.set((s) => ({ ...s, dialog }));
}
