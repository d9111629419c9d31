import type { DebugEntry } from '../store/runtime-store.js';
import type { DebugFilter } from '../store/ui-state.js';

/** Node id of the node an entry came from, if any. */
export function entryNodeId(e: DebugEntry): string | undefined {
  return e.event.nodeId;
}

/**
 * The entries the sidebar shows: all, only the open flow's, or only the selected nodes', only one
 * node's when chosen, and containing the search text in the node name, topic or value.
 */
export function filterEntries(
  entries: readonly DebugEntry[],
  filter: DebugFilter,
  ctx: { activeFlowId: string; selected: ReadonlySet<string>; nameOf: (nodeId: string) => string | undefined },
): DebugEntry[] {
  const text = filter.text.trim().toLowerCase();
  return entries.filter((e) => {
    if (filter.scope === 'flow' && e.event.flowId !== ctx.activeFlowId) return false;
    if (filter.nodeId && entryNodeId(e) !== filter.nodeId) return false;
    if (filter.scope === 'selected') {
      const id = entryNodeId(e);
      if (!id || !ctx.selected.has(id)) return false;
    }
    if (!text) return true;
    return searchText(e, ctx.nameOf).includes(text);
  });
}

function searchText(e: DebugEntry, nameOf: (id: string) => string | undefined): string {
  const id = entryNodeId(e);
  const name = (id && nameOf(id)) ?? '';
  switch (e.kind) {
    case 'debug':
      return `${name} ${e.event.nodeName ?? ''} ${e.event.topic ?? ''} ${preview(e.event.value, 2_000)}`.toLowerCase();
    case 'error':
      return `${name} ${e.event.nodeName ?? ''} ${e.event.error.message}`.toLowerCase();
    case 'log':
      return `${name} ${e.event.message}`.toLowerCase();
  }
}

/**
 * What an entry is called: the node's name, or for an unnamed node its flow and type with a short
 * id (`Line 1 › debug ·3f2a`), so ten unnamed debug nodes are not ten "debug"s.
 */
export function nodeTitles(
  flows: ReadonlyArray<{ name: string; nodes: ReadonlyArray<{ id: string; type: string; name?: string | undefined }> }>,
  typeLabel: (type: string) => string,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of flows)
    for (const n of f.nodes)
      out.set(n.id, n.name?.trim() ? n.name : `${f.name} › ${typeLabel(n.type)} ·${n.id.slice(0, 4)}`);
  return out;
}

/** One-line preview of a value, at most `max` characters. */
export function preview(value: unknown, max = 80): string {
  let s: string;
  if (typeof value === 'string') s = JSON.stringify(value);
  else if (value === undefined) s = 'undefined';
  else {
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = String(value);
    }
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** `12:03:04.567` in local time. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
