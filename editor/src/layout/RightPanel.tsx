import { useRuntime } from '../app/useRuntime.js';
import { useServices } from '../app/useServices.js';
import { useUi } from '../app/useUi.js';
import { DebugSidebar } from '../debug/DebugSidebar.js';
import { PropertiesPanel } from '../properties/PropertiesPanel.js';

/** The right sidebar with its two tabs. */
export function RightPanel() {
  const { ui } = useServices();
  const tab = useUi((s) => s.rightTab);
  const count = useRuntime((s) => s.messages.length);
  const set = (rightTab: 'properties' | 'debug') => ui.set((u) => ({ ...u, rightTab }));
  return (
    <aside className="right-panel">
      <div className="panel-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'properties'}
          className={tab === 'properties' ? 'active' : ''}
          onClick={() => set('properties')}
          data-testid="tab-properties"
        >
          Properties
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'debug'}
          className={tab === 'debug' ? 'active' : ''}
          onClick={() => set('debug')}
          data-testid="tab-debug"
        >
          Debug {count > 0 && <span className="count">{count}</span>}
        </button>
      </div>
      <div className="panel-body">{tab === 'properties' ? <PropertiesPanel /> : <DebugSidebar />}</div>
    </aside>
  );
}
