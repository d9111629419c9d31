import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { FlowManager } from '../engine/flow-manager.js';
import type { EventBus } from '../events/event-bus.js';
import { registerLimitMetrics } from './limit-metrics.js';
import type { ConnectionHealth } from '../engine/flow-health.js';
import { registerConnectionMetrics } from './connection-metrics.js';
import { registerOutboxMetrics } from './outbox-metrics.js';

/** Prometheus metrics of one runtime. Each runtime has its own registry, so tests can run several. */
export interface RuntimeMetrics {
  /** Prometheus text-format content type for the response header. */
  readonly contentType: string;
  /** Events the websocket stream dropped because a client read too slowly. */
  readonly wsDropped: Counter;
  /** Reads the flows' counters (on each scrape) and renders everything as Prometheus text. */
  render(): Promise<string>;
}

/**
 * Creates the runtime's metrics: Node process metrics plus per-node message counters
 * (`millwright_node_messages_received_total{flow,node,type}`, `..._sent_total`, `millwright_node_errors_total`),
 * queue depth and age (`millwright_node_queue_depth`, `millwright_node_queue_oldest_seconds`),
 * flow restarts and states, websocket clients, and the state of every connection config nodes hold
 * (`millwright_connection_up`, given `connections`). Node counters are read from `manager.stats()`
 * when scraped; they restart at zero when a flow restarts, which Prometheus treats as a counter reset.
 */
export function createRuntimeMetrics(args: {
  manager: FlowManager;
  /** Runtime events: the flows' output-limit notices are counted from it (limit-metrics.ts). */
  bus?: EventBus;
  wsClients: () => number;
  /** `<node data dir>/outbox`: store-and-forward queue metrics (outbox-metrics.ts); none without a data dir. */
  outboxDir?: string | undefined;
  /** The connections config nodes report (FlowHealth): `millwright_connection_up` (connection-metrics.ts). */
  connections?: () => readonly ConnectionHealth[];
}): RuntimeMetrics {
  const { manager } = args;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const nodeLabels = ['flow', 'node', 'type'] as const;
  const received = new Counter({
    name: 'millwright_node_messages_received_total',
    help: 'Messages a node received on its input.',
    labelNames: nodeLabels,
    registers: [registry],
  });
  const sent = new Counter({
    name: 'millwright_node_messages_sent_total',
    help: 'Messages a node sent on its outputs.',
    labelNames: nodeLabels,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'millwright_node_errors_total',
    help: 'Errors a node raised.',
    labelNames: nodeLabels,
    registers: [registry],
  });
  const queued = new Gauge({
    name: 'millwright_node_queue_depth',
    help: 'Messages waiting for a node: its mailbox plus what it holds (awaiting async code, a rate limit).',
    labelNames: nodeLabels,
    registers: [registry],
  });
  const oldest = new Gauge({
    name: 'millwright_node_queue_oldest_seconds',
    help: "Age of the oldest message waiting in a node's mailbox (0 when it is empty); a growing value is a stalled or overloaded node.",
    labelNames: nodeLabels,
    registers: [registry],
  });
  const backlog = new Gauge({
    name: 'millwright_flow_backlog',
    help: 'Messages queued in a flow while it is over its high-water mark and its sources are paused (0 otherwise).',
    labelNames: ['flow'],
    registers: [registry],
  });
  const restarts = new Counter({
    name: 'millwright_flow_restarts_total',
    help: 'Crash restarts of a flow since it was last deployed.',
    labelNames: ['flow'],
    registers: [registry],
  });
  const state = new Gauge({
    name: 'millwright_flow_state',
    help: '1 for the current state of each flow (starting, running, crashed, restarting, stopped).',
    labelNames: ['flow', 'state'],
    registers: [registry],
  });
  new Gauge({
    name: 'millwright_ws_clients',
    help: 'Connected websocket event-stream clients.',
    registers: [registry],
    collect() {
      this.set(args.wsClients());
    },
  });
  const wsDropped = new Counter({
    name: 'millwright_ws_events_dropped_total',
    help: 'Events dropped for websocket clients that read too slowly.',
    registers: [registry],
  });

  if (args.bus) registerLimitMetrics(registry, { bus: args.bus, manager });

  if (args.connections) registerConnectionMetrics(registry, args.connections);

  // Store-and-forward queues: kept apart from the node and flow metrics above.
  const refreshOutboxes = registerOutboxMetrics(registry, {
    dir: args.outboxDir,
    nodeType: (id) => manager.nodeType(id),
  });

  const refresh = async (): Promise<void> => {
    const stats = await manager.stats();
    for (const c of [received, sent, errors, restarts]) c.reset();
    state.reset();
    queued.reset();
    oldest.reset();
    backlog.reset();
    for (const [flow, nodes] of Object.entries(stats)) {
      for (const [node, s] of Object.entries(nodes)) {
        const labels = { flow, node, type: manager.nodeType(node) ?? 'unknown' };
        received.inc(labels, s.received);
        sent.inc(labels, s.sent);
        errors.inc(labels, s.errors);
        queued.set(labels, s.queued);
        oldest.set(labels, s.oldestMs / 1000);
      }
    }
    for (const f of manager.states()) {
      restarts.inc({ flow: f.flowId }, f.restarts);
      state.set({ flow: f.flowId, state: f.state }, 1);
      backlog.set({ flow: f.flowId }, f.backlog ?? 0);
    }
  };

  return {
    contentType: registry.contentType,
    wsDropped,
    async render() {
      await refresh();
      refreshOutboxes();
      return registry.metrics();
    },
  };
}
