import { useCallback, useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { NodeCatalogEntry } from '@millwright/model';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { PALETTE_MIME } from '../canvas/FlowCanvas.js';
import { NodeIcon } from '../canvas/NodeIcon.js';
import { nodeColor } from '../canvas/node-style.js';
import { addNode } from '../store/actions.js';
import { activeFlow } from '../store/editor-state.js';
import { NewSubflowButton } from '../subflows/NewSubflowButton.js';
import { paletteEntries, SUBFLOWS_CATEGORY } from '../subflows/subflow-types.js';
import { paletteGroups } from './palette-groups.js';

/** Node types from GET /api/nodes, by category, searchable; drag onto the canvas (or double-click / Enter). */
export function Palette() {
  const catalog = useEditor((s) => s.catalog);
  const flow = useEditor(activeFlow);
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const groups = useMemo(() => paletteGroups(paletteEntries(catalog, flow), query), [catalog, flow, query]);
  const toggle = (c: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(c)) next.delete(c);
      else next.add(c);
      return next;
    });
  return (
    <aside className="palette" data-testid="palette">
      <div className="palette-search">
        <input
          type="search"
          placeholder="Filter nodes"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="palette-search"
          aria-label="Filter nodes"
        />
      </div>
      <div className="palette-groups">
        {groups.map((g) => (
          <section key={g.category} className="palette-group">
            <button type="button" className="palette-category" onClick={() => toggle(g.category)}>
              <span className={`chevron ${collapsed.has(g.category) && !query ? '' : 'open'}`}>›</span>
              {g.category}
              <span className="count">{g.entries.length}</span>
            </button>
            {(!collapsed.has(g.category) || query) && g.entries.map((e) => <PaletteItem key={e.type} entry={e} />)}
          </section>
        ))}
        <NewSubflowButton hasSection={groups.some((g) => g.category === SUBFLOWS_CATEGORY)} />
        {!groups.length && <p className="muted palette-empty">No node matches “{query}”.</p>}
      </div>
    </aside>
  );
}

function PaletteItem({ entry }: { entry: NodeCatalogEntry }) {
  const services = useServices();
  const add = useCallback(() => {
    const at = services.canvas.current?.viewportCenter() ?? { x: 100, y: 100 };
    services.editor.set((s) => addNode(s, entry.type, at));
  }, [services, entry.type]);
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(PALETTE_MIME, entry.type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') add();
  };
  return (
    <div
      className="palette-item"
      draggable
      tabIndex={0}
      role="button"
      onDragStart={onDragStart}
      onDoubleClick={add}
      onKeyDown={onKey}
      title={entry.description}
      data-testid={`palette-${entry.type}`}
      style={{ borderLeftColor: nodeColor(entry.category, entry.color) }}
    >
      <span className="palette-icon" style={{ background: nodeColor(entry.category, entry.color) }}>
        <NodeIcon icon={entry.icon} type={entry.type} />
      </span>
      <span className="palette-label">{entry.label}</span>
    </div>
  );
}
