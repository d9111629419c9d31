import { useRuntime } from '../app/useRuntime.js';
import { useServices } from '../app/useServices.js';
import { useUi } from '../app/useUi.js';
import { ChartPanel, useChartNode } from '../charts/ChartPanel.js';
import { DebugSidebar } from '../debug/DebugSidebar.js';
import { PropertiesPanel } from '../properties/PropertiesPanel.js';

/** The right sidebar: properties, debug and, for a selected quality-check or oee node, its live chart. */
export function RightPanel() {
  const { ui } = useServices();
  const chartNode = useChartNode();
  const chosen = useUi((s) => s.rightTab);
  // The Chart tab exists only while a chartable node is selected; otherwise fall back to properties.
  const tab = chosen === 'chart' && !chartNode ? 'properties' : chosen;
  const count = useRuntime((s) => s.messages.length);
  const set = (rightTab: 'properties' | 'debug' | 'chart') => ui.set((u) => ({ ...u, rightTab }));
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
        {chartNode && (
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'chart'}
            className={tab === 'chart' ? 'active' : ''}
            onClick={() => set('chart')}
            data-testid="tab-chart"
          >
            Chart
          </button>
        )}
      </div>
      <div className="panel-body">
        {tab === 'chart' && chartNode ? (
          <ChartPanel key={chartNode.id} node={chartNode} />
        ) : tab === 'debug' ? (
          <DebugSidebar />
        ) : (
          <PropertiesPanel />
        )}
      </div>
    </aside>
  );
}
