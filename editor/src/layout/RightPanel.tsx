import { useRole } from '../app/useRole.js';
import { useServices } from '../app/useServices.js';
import { useUi } from '../app/useUi.js';
import { activePanel, visiblePanels } from './panel-rules.js';
import { PanelTabs } from './PanelTabs.js';
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
      <PanelTabs
        tabs={tabs.map((p) => ({ id: p.id, title: p.title, icon: p.icon, count: p.badge?.(ctx) ?? 0 }))}
        active={active?.id}
        onSelect={(id) => ui.set((u) => ({ ...u, rightTab: id }))}
      />
      <div className="panel-body">{active && <active.Body ctx={ctx} />}</div>
    </aside>
  );
}
