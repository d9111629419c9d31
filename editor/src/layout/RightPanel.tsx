import { useRole } from '../app/useRole.js';
import { useServices } from '../app/useServices.js';
import { useUi } from '../app/useUi.js';
import { activePanel, visiblePanels } from './panel-rules.js';
import { RIGHT_PANELS, usePanelContext } from './panels.js';
import { RIGHT_SIDEBAR, SidebarResizer } from './SidebarResizer.js';

/** The right sidebar: the tabs of `RIGHT_PANELS` that apply now (role, selection), and the chosen one's body. */
export function RightPanel() {
  const { ui } = useServices();
  const ctx = usePanelContext();
  const role = useRole();
  const chosen = useUi((s) => s.rightTab);
  const tabs = visiblePanels(RIGHT_PANELS, ctx, role);
  const active = activePanel(tabs, chosen);
  return (
    <aside className="right-panel" data-testid="right-panel">
      <SidebarResizer spec={RIGHT_SIDEBAR} />
      <div className="panel-tabs" role="tablist">
        {tabs.map((p) => {
          const count = p.badge?.(ctx) ?? 0;
          return (
            <button
              key={p.id}
              type="button"
              role="tab"
              aria-selected={p === active}
              className={p === active ? 'active' : ''}
              onClick={() => ui.set((u) => ({ ...u, rightTab: p.id }))}
              data-testid={`tab-${p.id}`}
            >
              {p.title} {count > 0 && <span className="count">{count}</span>}
            </button>
          );
        })}
      </div>
      <div className="panel-body">{active && <active.Body ctx={ctx} />}</div>
    </aside>
  );
}
