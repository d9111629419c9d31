import { useMemo } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { nodeLabel } from '../store/catalog.js';
import { configUsers, type ConfigUser } from './config-users.js';

/** Every config node's users across all flows, and the label of every node, as the lists show them. */
export function useConfigUsers(): { users: Map<string, ConfigUser[]>; names: Map<string, string> } {
  const flows = useEditor((s) => s.flows);
  const catalog = useEditor((s) => s.catalog);
  const users = useMemo(() => configUsers(flows, catalog), [flows, catalog]);
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const f of flows) for (const n of f.nodes) map.set(n.id, nodeLabel(n, catalog.get(n.type)));
    return map;
  }, [flows, catalog]);
  return { users, names };
}

/** The users of a config node as links that reveal each on the canvas, comma separated. */
export function ConfigUserLinks({
  list,
  names,
  suffix,
}: {
  list: readonly ConfigUser[];
  names: Map<string, string>;
  /** Shown after a user, e.g. its flow when it is not the one open. */
  suffix?: (u: ConfigUser) => React.ReactNode;
}) {
  const { canvas } = useServices();
  return list.map((u, i) => (
    <span key={u.nodeId}>
      {i > 0 && ', '}
      <button type="button" className="link" onClick={() => canvas.current?.revealNode(u.nodeId)}>
        {names.get(u.nodeId) ?? u.nodeId}
      </button>
      {suffix?.(u)}
    </span>
  ));
}
