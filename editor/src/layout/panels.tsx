import type { ComponentType } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useRuntime } from '../app/useRuntime.js';
import { ChartPanel, useChartNode } from '../charts/ChartPanel.js';
import { ContextPanel } from '../context/ContextPanel.js';
import { DebugSidebar } from '../debug/DebugSidebar.js';
import { HelpPanel } from '../help/HelpPanel.js';
import { HistoryPanel } from '../history/HistoryPanel.js';
import { OpcuaPanel } from '../opcua/OpcuaPanel.js';
import { PropertiesPanel } from '../properties/PropertiesPanel.js';
import type { IconName } from '../canvas/icon-names.js';
import type { PanelRule } from './panel-rules.js';

/** What the tabs of the right panel may depend on, read once per render of the panel. */
export interface PanelContext {
  chartNode: ReturnType<typeof useChartNode>;
  debugCount: number;
  /** Some flow has an OPC UA endpoint: the address-space browser has something to browse. */
  hasOpcua: boolean;
}

export function usePanelContext(): PanelContext {
  return {
    chartNode: useChartNode(),
    debugCount: useRuntime((s) => s.messages.length),
    hasOpcua: useEditor((s) => s.flows.some((f) => f.configs?.some((c) => c.type === 'opcua-endpoint'))),
  };
}

/** One tab of the right panel. A new panel is one more row in `RIGHT_PANELS`. */
export interface RightPanelDef extends PanelRule<PanelContext> {
  title: string;
  /** Shown always; the title only while the strip has room for it. */
  icon: IconName;
  /** A count shown after the title, when positive. */
  badge?: (ctx: PanelContext) => number;
  Body: ComponentType<{ ctx: PanelContext }>;
}

/** The right panel's tabs, in order. The first is the fallback when the chosen one is not shown. */
export const RIGHT_PANELS: readonly RightPanelDef[] = [
  { id: 'properties', title: 'Properties', icon: 'edit', Body: PropertiesPanel },
  // Debug, error and log events need `events:debug` (operator): a viewer's tab would stay empty.
  { id: 'debug', title: 'Debug', icon: 'bug', role: 'operator', badge: (ctx) => ctx.debugCount, Body: DebugSidebar },
  {
    id: 'chart',
    title: 'Chart',
    icon: 'trending-up',
    available: (ctx) => ctx.chartNode !== undefined,
    Body: ({ ctx }) => (ctx.chartNode ? <ChartPanel key={ctx.chartNode.id} node={ctx.chartNode} /> : null),
  },
  // Deploy snapshots, diff and rollback (issue 16); reading needs `flows:read`, which every role has.
  { id: 'history', title: 'History', icon: 'clock', Body: HistoryPanel },
  { id: 'help', title: 'Help', icon: 'file-text', Body: HelpPanel },
  // Context values can hold business data, as messages do: `context:read` (operator), see permissions.ts.
  { id: 'context', title: 'Context', icon: 'database', role: 'operator', Body: ContextPanel },
  // Browsing connects with the endpoint's credentials: the route needs `flows:edit`.
  {
    id: 'opcua',
    title: 'OPC UA',
    icon: 'folder-tree',
    role: 'editor',
    available: (ctx) => ctx.hasOpcua,
    Body: OpcuaPanel,
  },
];
