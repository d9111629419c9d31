import { listOutboxes, readStats } from '@millwright/outbox';
import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * Metrics of the store-and-forward queues (outbox journals of mqtt-out, http-request, erp-post),
 * labelled `{node, type}`: depth, dead letters and the age of the oldest waiting message read from
 * the journals, and running totals (delivered, replayed, dead-lettered, dropped) from the stats
 * file each queue's owner keeps beside its journal. The owners run in flow workers or host
 * processes; the files are what this process can read. Returns the refresh to call per scrape.
 */
export function registerOutboxMetrics(
  registry: Registry,
  args: { dir: string | undefined; nodeType: (nodeId: string) => string | undefined; now?: () => number },
): () => void {
  const labelNames = ['node', 'type'] as const;
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames, registers: [registry] });
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers: [registry] });
  const depth = gauge('millwright_outbox_depth', 'Messages waiting in a store-and-forward queue.');
  const dead = gauge('millwright_outbox_dead_letters', 'Dead letters waiting for an operator (replay or discard).');
  const oldest = gauge(
    'millwright_outbox_oldest_age_seconds',
    'Age of the oldest message waiting in a store-and-forward queue (0 when empty).',
  );
  const delivered = counter('millwright_outbox_delivered_total', 'Messages the remote side acknowledged.');
  const replayed = counter(
    'millwright_outbox_replayed_total',
    'Delivered messages that had waited for the remote side (catch-up after a failure or restart, operator replay).',
  );
  const deadLettered = counter('millwright_outbox_dead_lettered_total', 'Messages that became dead letters.');
  const dropped = counter(
    'millwright_outbox_dropped_total',
    'Messages refused by a full queue (outbox_full) plus dead letters discarded by an operator.',
  );
  const now = args.now ?? Date.now;
  return () => {
    for (const m of [depth, dead, oldest, delivered, replayed, deadLettered, dropped]) m.reset();
    if (!args.dir) return;
    for (const o of listOutboxes(args.dir)) {
      const labels = { node: o.name, type: args.nodeType(o.name) ?? 'unknown' };
      depth.set(labels, o.pending);
      dead.set(labels, o.dead);
      oldest.set(labels, o.oldestPendingAt !== undefined ? Math.max(0, (now() - o.oldestPendingAt) / 1000) : 0);
      const s = readStats(args.dir, o.name);
      delivered.inc(labels, s.delivered);
      replayed.inc(labels, s.replayed);
      deadLettered.inc(labels, s.deadLettered);
      dropped.inc(labels, s.dropped);
    }
  };
}
