import type { Flow } from '@millwright/model';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { moveToShared } from '../shared-configs/shared-configs.js';
import { nodeLabel } from '../store/catalog.js';
import { edit } from '../store/editor-state.js';
import { ConfigUserLinks, useConfigUsers } from './useConfigUsers.js';

/** The flow's config nodes with the nodes using them (in any flow); unused ones are marked. */
export function ConfigNodeList({ flow }: { flow: Flow }) {
  const { editor } = useServices();
  const catalog = useEditor((s) => s.catalog);
  const { users, names } = useConfigUsers();
  if (!flow.configs?.length) return <p className="muted">None. They are created from the fields that use them.</p>;
  return (
    <ul className="plain-list config-list" data-testid="config-list">
      {flow.configs.map((c) => {
        const list = users.get(c.id) ?? [];
        return (
          <li key={c.id} data-testid={`config-${c.id}`} className={list.length ? '' : 'unused'}>
            <button type="button" className="link" onClick={() => editor.set((s) => ({ ...s, inspectedConfig: c.id }))}>
              {nodeLabel(c, catalog.get(c.type))}
            </button>
            <span className="muted"> {catalog.get(c.type)?.label ?? c.type}</span>{' '}
            <button
              type="button"
              className="link small"
              data-testid={`move-to-shared-${c.id}`}
              title="Define it once for every flow; identical ones in other flows are merged into it"
              onClick={() =>
                editor.set((s) =>
                  edit(s, moveToShared({ flows: s.flows, flowId: flow.id, configId: c.id, catalog: s.catalog })),
                )
              }
            >
              move to shared
            </button>
            {list.length ? (
              <div className="config-users small">
                used by{' '}
                <ConfigUserLinks
                  list={list}
                  names={names}
                  suffix={(u) => u.flowId !== flow.id && <span className="muted"> ({u.flowName})</span>}
                />
              </div>
            ) : (
              <div className="config-users small" data-testid={`unused-${c.id}`}>
                unused: no node refers to it
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
