import { Counter, Gauge, type Registry } from 'prom-client';
import type { FlowManager } from '../engine/flow-manager.js';
import type { EventBus } from '../events/event-bus.js';

/**
 * Metrics of the runtime's quotas and caps (docs/security.md, "Resource limits"): node output
 * dropped or cut by `limits.nodeEventsPerSecond` / `logMessageChars`, counted from the flows'
 * once-a-second notices, and the global context each flow holds against its quota.
 */
export function registerLimitMetrics(registry: Registry, args: { bus: EventBus; manager: FlowManager }): void {
  const dropped = new Counter({
    name: 'millwright_node_events_dropped_total',
    help: 'Log lines, debug, status and error events a node sent over limits.nodeEventsPerSecond (dropped in its flow host).',
    labelNames: ['flow', 'node', 'kind'],
    registers: [registry],
  });
  const truncated = new Counter({
    name: 'millwright_node_events_truncated_total',
    help: 'Log lines, error messages and status texts of a node cut to limits.logMessageChars.',
    labelNames: ['flow', 'node'],
    registers: [registry],
  });
  args.bus.on((e) => {
    if (e.type !== 'log' || !e.limited || e.nodeId === undefined) return;
    for (const [kind, n] of Object.entries(e.limited.dropped)) dropped.inc({ flow: e.flowId, node: e.nodeId, kind }, n);
    if (e.limited.truncated) truncated.inc({ flow: e.flowId, node: e.nodeId }, e.limited.truncated);
  });
  new Gauge({
    name: 'millwright_global_context_bytes',
    help: 'Bytes of global context a flow holds (the keys it set last), against limits.globalContextBytes.',
    labelNames: ['flow'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [flow, u] of args.manager.globalUsage()) this.set({ flow }, u.bytes);
    },
  });
  new Gauge({
    name: 'millwright_global_context_keys',
    help: 'Global context keys a flow holds (the keys it set last), against limits.globalContextEntries.',
    labelNames: ['flow'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [flow, u] of args.manager.globalUsage()) this.set({ flow }, u.entries);
    },
  });
}
