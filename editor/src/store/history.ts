import type { Flow } from '@millwright/model';

/** What undo restores: the whole document plus the tab that was open. */
export interface Snapshot {
  flows: Flow[];
  activeFlowId: string;
}

interface Entry extends Snapshot {
  /** Edits with the same key in quick succession (typing in one field) share one undo step. */
  key?: string | undefined;
  at: number;
}

/** Undo and redo stacks of document snapshots (newest last). */
export interface History {
  past: Entry[];
  future: Entry[];
}

export const EMPTY_HISTORY: History = { past: [], future: [] };

/** Longest undo stack kept; older steps are dropped. */
export const HISTORY_LIMIT = 200;
/** Edits with the same key closer together than this merge into one undo step (ms). */
export const COALESCE_MS = 1_000;

/** Records `before` (the state prior to an edit) as an undo step and clears the redo stack. */
export function record(history: History, before: Snapshot, options: { key?: string; at: number }): History {
  const last = history.past[history.past.length - 1];
  if (options.key && last?.key === options.key && options.at - last.at < COALESCE_MS) {
    const past = [...history.past];
    past[past.length - 1] = { ...last, at: options.at };
    return { past, future: [] };
  }
  const past = [...history.past, { ...before, key: options.key, at: options.at }];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, future: [] };
}

/** Steps back: returns the snapshot to restore and the new history, or undefined when there is nothing to undo. */
export function undo(history: History, current: Snapshot): { history: History; restore: Snapshot } | undefined {
  const entry = history.past[history.past.length - 1];
  if (!entry) return undefined;
  return {
    history: { past: history.past.slice(0, -1), future: [...history.future, { ...current, at: 0 }] },
    restore: { flows: entry.flows, activeFlowId: entry.activeFlowId },
  };
}

/** Steps forward again after an undo. */
export function redo(history: History, current: Snapshot): { history: History; restore: Snapshot } | undefined {
  const entry = history.future[history.future.length - 1];
  if (!entry) return undefined;
  return {
    history: { past: [...history.past, { ...current, at: 0 }], future: history.future.slice(0, -1) },
    restore: { flows: entry.flows, activeFlowId: entry.activeFlowId },
  };
}
