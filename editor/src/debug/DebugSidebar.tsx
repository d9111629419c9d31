import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useRuntime } from '../app/useRuntime.js';
import { useServices } from '../app/useServices.js';
import { useUi } from '../app/useUi.js';
import { clearMessages, DEBUG_CAPS, setDebugCap, setPaused, type DebugEntry } from '../store/runtime-store.js';
import type { DebugFilter } from '../store/ui-state.js';
import { filterEntries, formatTime, nodeTitles } from './debug-filter.js';
import { DebugValue } from './DebugValue.js';

/** The "Debug" tab: live messages from debug nodes, errors and node warnings, newest at the bottom. */
export function DebugSidebar() {
  const services = useServices();
  const { runtime, ui } = services;
  const messages = useRuntime((s) => s.messages);
  const paused = useRuntime((s) => s.paused);
  const held = useRuntime((s) => s.held.length);
  const dropped = useRuntime((s) => s.dropped);
  const discarded = useRuntime((s) => s.discarded);
  const cap = useRuntime((s) => s.debugCap);
  const filter = useUi((s) => s.debugFilter);
  const activeFlowId = useEditor((s) => s.activeFlowId);
  const selected = useEditor((s) => s.selection.nodes);
  const flows = useEditor((s) => s.flows);
  const catalog = useEditor((s) => s.catalog);

  const names = useMemo(() => nodeTitles(flows, (t) => catalog.get(t)?.label ?? t), [flows, catalog]);
  // The nodes that sent something, for the per-node filter.
  const senders = useMemo(() => {
    const ids = new Set<string>();
    for (const m of messages) if (m.event.nodeId) ids.add(m.event.nodeId);
    if (filter.nodeId) ids.add(filter.nodeId);
    return [...ids].map((id) => ({ id, name: names.get(id) ?? id })).sort((a, b) => a.name.localeCompare(b.name));
  }, [messages, names, filter.nodeId]);
  const nameOf = useCallback((id: string) => names.get(id), [names]);
  const shown = useMemo(
    () => filterEntries(messages, filter, { activeFlowId, selected, nameOf }),
    [messages, filter, activeFlowId, selected, nameOf],
  );
  const setFilter = (patch: Partial<DebugFilter>) =>
    ui.set((u) => ({ ...u, debugFilter: { ...u.debugFilter, ...patch } }));

  // Stick to the bottom while the user is there; leave the scroll alone when reading older messages.
  const list = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const el = list.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [shown]);
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const onScroll = () => {
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    };
    el.addEventListener('scroll', onScroll);
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  return (
    <div className="debug" data-testid="debug-sidebar">
      <div className="debug-toolbar">
        <select
          value={filter.scope}
          onChange={(e) =>
            setFilter({
              scope: e.target.value === 'flow' ? 'flow' : e.target.value === 'selected' ? 'selected' : 'all',
            })
          }
          data-testid="debug-scope"
          aria-label="Show messages from"
        >
          <option value="all">All flows</option>
          <option value="flow">Current flow</option>
          <option value="selected">Selected nodes</option>
        </select>
        <select
          value={filter.nodeId ?? ''}
          onChange={(e) => setFilter({ nodeId: e.target.value || undefined })}
          data-testid="debug-node-filter"
          aria-label="Only messages from node"
        >
          <option value="">Any node</option>
          {senders.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </select>
        <input
          type="search"
          placeholder="Search node, topic or value"
          value={filter.text}
          onChange={(e) => setFilter({ text: e.target.value })}
          data-testid="debug-search"
          aria-label="Search messages"
        />
        <button
          type="button"
          className={paused ? 'active' : ''}
          onClick={() => runtime.set((r) => setPaused(r, !r.paused))}
          data-testid="debug-pause"
          title={paused ? 'Resume' : 'Pause'}
        >
          {paused ? `▶ Resume${held ? ` (${held})` : ''}` : '❚❚ Pause'}
        </button>
        <button
          type="button"
          onClick={() => runtime.set(clearMessages)}
          data-testid="debug-clear"
          title="Clear messages"
        >
          Clear
        </button>
      </div>
      {dropped > 0 && (
        <div className="debug-notice">
          {dropped} events were dropped: the runtime sent faster than this page could read.
        </div>
      )}
      <div className="debug-cap muted small">
        <span data-testid="debug-count">
          {shown.length === messages.length ? `${messages.length}` : `${shown.length} of ${messages.length}`} messages
        </span>
        {discarded > 0 && <span data-testid="debug-discarded">· {discarded} older discarded</span>}
        <label>
          keep
          <select
            value={cap}
            onChange={(e) => runtime.set((r) => setDebugCap(r, Number(e.target.value)))}
            data-testid="debug-cap"
            aria-label="Messages kept"
          >
            {DEBUG_CAPS.map((c) => (
              <option key={c} value={c}>
                {c.toLocaleString('en')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="debug-list" ref={list} data-testid="debug-list">
        {shown.length === 0 && (
          <p className="muted debug-empty">
            {messages.length ? 'No message matches the filter.' : 'Messages from debug nodes appear here.'}
          </p>
        )}
        {shown.map((e) => (
          <DebugRow
            key={e.seq}
            entry={e}
            name={(e.event.nodeId && nameOf(e.event.nodeId)) || e.event.nodeId || 'runtime'}
          />
        ))}
      </div>
    </div>
  );
}

const DebugRow = memo(function DebugRow({ entry, name }: { entry: DebugEntry; name: string }) {
  const { canvas } = useServices();
  const nodeId = entry.event.nodeId;
  const e = entry.event;
  const displayName = e.type !== 'log' && e.nodeName ? e.nodeName : name;
  return (
    <div className={`debug-entry ${entry.kind}`} data-testid="debug-entry" data-node-id={nodeId}>
      <div className="debug-meta">
        <span className="debug-time">{formatTime(e.time)}</span>
        <button
          type="button"
          className="link debug-node"
          onClick={() => nodeId && canvas.current?.revealNode(nodeId)}
          title="Show node"
          data-testid="debug-node"
        >
          {displayName}
        </button>
        {e.type === 'debug' && e.topic && <span className="debug-topic">topic: {e.topic}</span>}
        {e.type === 'debug' && <span className="debug-prop">msg.{e.property}</span>}
        {e.type === 'error' && <span className="debug-prop">{e.caught ? 'error (caught)' : 'error'}</span>}
        {e.type === 'log' && <span className="debug-prop">{e.level}</span>}
      </div>
      {e.type === 'debug' && <DebugValue value={e.value} />}
      {e.type === 'debug' && e.truncated && <div className="muted small">(truncated)</div>}
      {e.type === 'error' && <div className="debug-error-text">{e.error.message}</div>}
      {e.type === 'log' && <div className="debug-log-text">{e.message}</div>}
    </div>
  );
});
