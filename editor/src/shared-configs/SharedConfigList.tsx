import { useMemo } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import type { ConfigUser } from '../properties/config-users.js';
import { ConfigUserLinks, useConfigUsers } from '../properties/useConfigUsers.js';
import { nodeLabel } from '../store/catalog.js';
import { sharedConfigs } from './shared-configs.js';

/**
 * The config nodes of the shared config documents, once each, with the nodes using them grouped by
 * flow (decision 0039). Shown in every flow's panel, below the flow's own config nodes.
 */
export function SharedConfigList() {
  const { editor } = useServices();
  const flows = useEditor((s) => s.flows);
  const catalog = useEditor((s) => s.catalog);
  const shared = useMemo(() => sharedConfigs(flows), [flows]);
  const { users, names } = useConfigUsers();
  if (!shared.length)
    return <p className="muted">None. “Move to shared” on a config node above defines it once for every flow.</p>;
  return (
    <ul className="plain-list config-list" data-testid="shared-config-list">
      {shared.map(({ config }) => {
        const byFlow = groupByFlow(users.get(config.id) ?? []);
        return (
          <li key={config.id} data-testid={`shared-config-${config.id}`} className={byFlow.length ? '' : 'unused'}>
            <button
              type="button"
              className="link"
              onClick={() => editor.set((s) => ({ ...s, inspectedConfig: config.id }))}
            >
              {nodeLabel(config, catalog.get(config.type))}
            </button>
            <span className="muted"> {catalog.get(config.type)?.label ?? config.type}</span>
            <div className="config-users small" data-testid={`shared-users-${config.id}`}>
              {byFlow.length ? `used in ${byFlow.length} flow${byFlow.length === 1 ? '' : 's'}:` : 'unused'}
              {byFlow.map(({ flowId, flowName, list }) => (
                <div key={flowId} data-testid="shared-user-flow" data-flow-id={flowId}>
                  <span className="muted">{flowName}: </span>
                  <ConfigUserLinks list={list} names={names} />
                </div>
              ))}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function groupByFlow(users: readonly ConfigUser[]): Array<{ flowId: string; flowName: string; list: ConfigUser[] }> {
  const out = new Map<string, { flowId: string; flowName: string; list: ConfigUser[] }>();
  for (const u of users) {
    const entry = out.get(u.flowId) ?? { flowId: u.flowId, flowName: u.flowName, list: [] };
    entry.list.push(u);
    out.set(u.flowId, entry);
  }
  return [...out.values()];
}
