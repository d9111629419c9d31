import { Gauge, type Registry } from 'prom-client';
import type { ConnectionHealth } from '../engine/flow-health.js';

/**
 * `millwright_connection_up{flow,node,type,target}`: 1 while a connection a config node holds
 * (OPC UA endpoint, MQTT broker...) is up, 0 while it is down or being opened. Read at each scrape
 * from the same reports that drive /healthz (`NodeContext.reportConnection`), so every kind of
 * connection has it. A connection whose flow stopped disappears.
 */
export function registerConnectionMetrics(registry: Registry, connections: () => readonly ConnectionHealth[]): void {
  new Gauge({
    name: 'millwright_connection_up',
    help: 'Whether a connection held by a config node (OPC UA endpoint, MQTT broker...) is up (1) or down (0).',
    labelNames: ['flow', 'node', 'type', 'target'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of connections())
        this.set({ flow: c.flowId, node: c.nodeId, type: c.nodeType, target: c.target }, c.up ? 1 : 0);
    },
  });
}
