import { useState } from 'react';
import { useEditor } from '../app/useEditor.js';
import { activeFlow } from '../store/editor-state.js';
import { characteristicsOf, chartKindOf, latestOee, spcPoints } from './chart-series.js';
import { ControlChart } from './ControlChart.js';
import { OeePanel } from './OeePanel.js';
import { useChartEvents } from './useChartEvents.js';

/** The node selected alone when it has a chart (quality-check, oee), else undefined. */
export function useChartNode(): { id: string; name: string; kind: 'spc' | 'oee' } | undefined {
  const flow = useEditor(activeFlow);
  const selected = useEditor((s) => s.selection.nodes);
  if (!flow || selected.size !== 1) return undefined;
  const [id] = selected;
  const node = flow.nodes.find((n) => n.id === id);
  const kind = chartKindOf(node?.type);
  return node && kind ? { id: node.id, name: node.name || node.type, kind } : undefined;
}

/** The right panel's "Chart" tab: the live chart of the selected quality-check or oee node. */
export function ChartPanel({ node }: { node: { id: string; name: string; kind: 'spc' | 'oee' } }) {
  const { events, error } = useChartEvents(node.id);
  const [picked, setPicked] = useState<string>();
  const names = characteristicsOf(events);
  const characteristic = picked !== undefined && names.includes(picked) ? picked : names[0];
  const oee = node.kind === 'oee' ? latestOee(events) : undefined;
  const points = node.kind === 'spc' && characteristic !== undefined ? spcPoints(events, characteristic) : [];
  const empty = node.kind === 'spc' ? points.length === 0 : !oee;
  return (
    <div className="chart-panel" data-testid="chart-panel" data-node-id={node.id}>
      <div className="chart-panel-head">
        <strong>{node.name}</strong>
        {names.length > 1 && (
          <select
            value={characteristic}
            onChange={(e) => setPicked(e.target.value)}
            data-testid="chart-characteristic"
            aria-label="Characteristic"
          >
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        )}
      </div>
      {error && <p className="field-error">Cannot load the chart history: {error}</p>}
      {empty ? (
        <p className="muted" data-testid="chart-empty">
          Waiting for data: the chart fills as the deployed node processes messages.
        </p>
      ) : oee ? (
        <OeePanel record={oee} />
      ) : (
        <ControlChart points={points} />
      )}
    </div>
  );
}
