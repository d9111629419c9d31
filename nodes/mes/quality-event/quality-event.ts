import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { checkTime, productionTime } from '../lib/time/production-time.js';
import type { QualityEventConfig } from './config.js';
import { buildRecord } from './record.js';

/**
 * Creates a quality-event instance: each message becomes one structured record for a QMS in
 * `msg.payload`, with `msg.idempotencyKey` = the record id, so the erp-post node that sends it
 * (durable outbox) lets the QMS drop repeats.
 */
export function createQualityEvent(ctx: NodeContext<QualityEventConfig>): NodeHandlers {
  const cfg = ctx.config;
  const counts = { 'inspection-result': 0, 'non-conformance': 0, deviation: 0 };
  return {
    input(msg) {
      const now = Date.now();
      const { timeProperty: property, maxFutureMs } = cfg;
      const record = buildRecord({
        payload: msg.payload,
        kind: cfg.kind,
        defaults: cfg,
        messageId: msg.id,
        time: (raw) =>
          raw === undefined
            ? productionTime(msg, { property, now, maxFutureMs }).at
            : checkTime({ raw, path: 'payload.time', now, maxFutureMs }),
      });
      counts[record.kind]++;
      ctx.status({
        fill: counts['non-conformance'] || counts.deviation ? 'yellow' : 'green',
        shape: 'dot',
        text: `${counts['inspection-result']} inspections, ${counts['non-conformance']} NC, ${counts.deviation} deviations`,
      });
      ctx.send({ ...msg, payload: record, idempotencyKey: record.id, topic: record.kind });
    },
  };
}
