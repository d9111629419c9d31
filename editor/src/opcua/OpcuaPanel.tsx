import type { OpcuaBrowsedNode } from '@millwright/model';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api/api-client.js';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { nodeLabel } from '../store/catalog.js';
import { activeFlow, edit } from '../store/editor-state.js';
import { OPCUA_MIME, type OpcuaDrop } from './opcua-drop.js';

interface Branch {
  children?: OpcuaBrowsedNode[];
  loading?: boolean;
  error?: string;
}

// The browsed tree outlives the tab: switching to Properties and back keeps what was opened.
const kept: { endpoint?: string; tree: Map<string, Branch>; open: Set<string> } = { tree: new Map(), open: new Set() };

/**
 * The "OPC UA" tab: browse the live address space of an endpoint as a lazy tree (each variable with
 * its data type, access level and current value, read when its branch opens; a click on a value
 * reads the branch again), filter what is loaded by name or data type, drag a variable onto the
 * canvas (an opcua-read with its NodeId and endpoint), or put it into the selected node's NodeId
 * field. NodeIds are filled in the `nsu=<namespace URI>` form, which stays right on a server whose
 * namespace indexes differ.
 */
export function OpcuaPanel() {
  const services = useServices();
  const flows = useEditor((s) => s.flows);
  const catalog = useEditor((s) => s.catalog);
  const selected = useEditor((s) => {
    const [id] = s.selection.nodes;
    const node = id ? activeFlow(s)?.nodes.find((n) => n.id === id) : undefined;
    const takes = node && (Array.isArray(node.config['items']) || typeof node.config['nodeId'] === 'string');
    return takes && node.type.startsWith('opcua-') ? node : undefined;
  });
  const endpoints = useMemo(
    () =>
      flows.flatMap((f) =>
        (f.configs ?? [])
          .filter((c) => c.type === 'opcua-endpoint')
          .map((c) => ({ id: c.id, label: `${nodeLabel(c, catalog.get(c.type))} (${f.name})` })),
      ),
    [flows, catalog],
  );
  const [endpoint, setEndpoint] = useState<string | undefined>(kept.endpoint);
  const chosen = endpoint ?? endpoints[0]?.id;
  const [tree, setTree] = useState<Map<string, Branch>>(kept.tree);
  const [open, setOpen] = useState<Set<string>>(kept.open);
  useEffect(() => {
    kept.endpoint = endpoint;
    kept.tree = tree;
    kept.open = open;
  }, [endpoint, tree, open]);
  const [filter, setFilter] = useState('');
  const ROOT = 'i=85';

  const load = async (nodeId: string, refresh = false) => {
    if (!chosen) return;
    // A refresh keeps the listed children until the new values arrive.
    if (!refresh) setTree((t) => new Map(t).set(nodeId, { loading: true }));
    try {
      const res = await services.api.opcuaBrowse(chosen, nodeId === ROOT ? undefined : nodeId);
      setTree((t) => new Map(t).set(nodeId, { children: res.children }));
    } catch (err) {
      const text = err instanceof ApiError ? `${err.body.code}: ${err.body.message}` : String(err);
      setTree((t) => new Map(t).set(nodeId, { error: text }));
    }
  };
  const toggle = (nodeId: string) => {
    const next = new Set(open);
    if (next.has(nodeId)) next.delete(nodeId);
    else {
      next.add(nodeId);
      if (!tree.get(nodeId)?.children) void load(nodeId);
    }
    setOpen(next);
  };
  const useInSelected = (n: OpcuaBrowsedNode) => {
    if (!selected || !chosen) return;
    const flow = activeFlow(services.editor.get());
    if (!flow) return;
    services.editor.set((s) =>
      edit(s, {
        type: 'update-node',
        flowId: flow.id,
        nodeId: selected.id,
        patch: {
          config: {
            ...selected.config,
            // A read or subscribe gets one more item; a write node's single NodeId is replaced.
            ...(Array.isArray(selected.config['items'])
              ? { items: [...(selected.config['items'] as unknown[]), { nodeId: stableId(n), name: n.displayName }] }
              : { nodeId: stableId(n) }),
            ...('endpoint' in selected.config ? { endpoint: chosen } : {}),
          },
        },
      }),
    );
  };

  const needle = filter.trim().toLowerCase();
  // `type:Double` looks at the data type only; plain text at names, data type and NodeId.
  const typeOnly = needle.startsWith('type:') ? needle.slice(5).trim() : undefined;
  const matches = (n: OpcuaBrowsedNode) =>
    !needle ||
    (typeOnly !== undefined
      ? (n.dataType ?? '').toLowerCase().includes(typeOnly)
      : `${n.displayName} ${n.browseName} ${n.dataType ?? ''} ${n.nodeId}`.toLowerCase().includes(needle));
  const renderLevel = (nodeId: string, depth: number): ReactNode => {
    const branch = tree.get(nodeId);
    if (!branch) return null;
    if (branch.loading)
      return (
        <div className="muted small opcua-row" style={{ paddingLeft: depth * 14 }}>
          loading…
        </div>
      );
    if (branch.error)
      return (
        <div className="field-error opcua-row" style={{ paddingLeft: depth * 14 }} data-testid="opcua-error">
          {branch.error}
        </div>
      );
    return (branch.children ?? []).map((n) => {
      const isOpen = open.has(n.nodeId);
      const variable = n.nodeClass === 'Variable';
      // A filter shows matching nodes and the opened branches leading to them.
      if (needle && !matches(n) && !isOpen) return null;
      const drop: OpcuaDrop | undefined =
        variable && chosen ? { endpoint: chosen, nodeId: stableId(n), displayName: n.displayName } : undefined;
      return (
        <div key={n.nodeId}>
          <div
            className={`opcua-row ${variable ? 'variable' : ''}`}
            style={{ paddingLeft: depth * 14 }}
            data-testid={`opcua-node-${n.browseName}`}
            draggable={drop !== undefined}
            onDragStart={(e) => {
              if (!drop) return;
              e.dataTransfer.setData(OPCUA_MIME, JSON.stringify(drop));
              e.dataTransfer.effectAllowed = 'copy';
            }}
            title={`${stableId(n)}${n.dataType ? ` · ${n.dataType}` : ''}${variable ? ' · drag onto the canvas' : ''}`}
          >
            <button
              type="button"
              className="opcua-toggle"
              disabled={!n.hasChildren}
              onClick={() => toggle(n.nodeId)}
              aria-expanded={isOpen}
            >
              {n.hasChildren ? (isOpen ? '▾' : '▸') : '·'}
            </button>
            <span className="opcua-name">{n.displayName}</span>
            {n.dataType && <span className="muted small"> {n.dataType}</span>}
            {n.access && <AccessBadge access={n.access} />}
            {(n.value !== undefined || n.valueStatus) && (
              <button
                type="button"
                className={`link small opcua-value ${n.valueStatus?.startsWith('Bad') ? 'bad' : ''}`}
                title={`${n.valueStatus ?? 'Good'} · click to read again`}
                onClick={() => void load(nodeId, true)}
                data-testid={`opcua-value-${n.browseName}`}
              >
                {n.value ?? n.valueStatus}
              </button>
            )}
            {variable && selected && (
              <button
                type="button"
                className="link small opcua-use"
                onClick={() => useInSelected(n)}
                data-testid={`opcua-use-${n.browseName}`}
              >
                use
              </button>
            )}
          </div>
          {isOpen && renderLevel(n.nodeId, depth + 1)}
        </div>
      );
    });
  };

  if (!endpoints.length)
    return (
      <div className="opcua-panel muted">
        No OPC UA endpoint yet: add an opcua-read or opcua-subscribe node and create its endpoint, then deploy.
      </div>
    );
  return (
    <div className="opcua-panel" data-testid="opcua-panel">
      <div className="opcua-toolbar">
        <select
          value={chosen}
          onChange={(e) => {
            setEndpoint(e.target.value);
            setTree(new Map());
            setOpen(new Set());
          }}
          aria-label="Endpoint"
          data-testid="opcua-endpoint"
        >
          {endpoints.map((ep) => (
            <option key={ep.id} value={ep.id}>
              {ep.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void load(ROOT)} data-testid="opcua-browse">
          Browse
        </button>
      </div>
      <input
        type="search"
        placeholder="Filter loaded nodes: name, data type, NodeId; type:Double for data type only"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        data-testid="opcua-filter"
      />
      <p className="muted small">
        The deployed endpoint is browsed on the live server. Drag a variable onto the canvas
        {selected ? `, or "use" it in ${nodeLabel(selected, catalog.get(selected.type))}` : ''}.
      </p>
      <div className="opcua-tree">{renderLevel(ROOT, 0)}</div>
    </div>
  );
}

/** The NodeId to fill in: the nsu= form when the server named the namespace. */
function stableId(n: OpcuaBrowsedNode): string {
  return n.stableNodeId ?? n.nodeId;
}

/** `R W H` for read / write / history read; a letter the user may not use is struck out. */
function AccessBadge({ access }: { access: NonNullable<OpcuaBrowsedNode['access']> }) {
  const letters: Array<[string, boolean, string]> = [
    ['R', access.read, 'read'],
    ['W', access.write, 'write'],
    ['H', access.history, 'history read'],
  ];
  return (
    <span
      className="opcua-access small"
      title={letters.map(([, on, what]) => `${what}: ${on ? 'yes' : 'no'}`).join(' · ')}
      data-testid="opcua-access"
    >
      {letters.map(([letter, on]) => (
        <span key={letter} className={on ? 'on' : 'off'}>
          {letter}
        </span>
      ))}
    </span>
  );
}
