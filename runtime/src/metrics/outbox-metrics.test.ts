import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalPath, OutboxJournal, writeStats } from '@millwright/outbox';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { registerOutboxMetrics } from './outbox-metrics.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('outbox metrics', () => {
  it('reports depth, dead letters, oldest age and the totals of every queue', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-outbox-metrics-'));
    const journal = OutboxJournal.open(journalPath(dir, 'out1'), { now: () => 1_000 });
    journal.enqueue([
      { id: 'a', idempotencyKey: 'a', request: {} },
      { id: 'b', idempotencyKey: 'b', request: {} },
      { id: 'c', idempotencyKey: 'c', request: {} },
    ]);
    journal.markDead('a', 'HTTP 422');
    journal.close();
    writeStats(dir, 'out1', { delivered: 7, replayed: 5, deadLettered: 1, dropped: 2 });

    const registry = new Registry();
    const refresh = registerOutboxMetrics(registry, { dir, nodeType: () => 'mqtt-out', now: () => 31_000 });
    refresh();
    const text = await registry.metrics();
    const labels = '{node="out1",type="mqtt-out"}';
    for (const line of [
      `millwright_outbox_depth${labels} 2`,
      `millwright_outbox_dead_letters${labels} 1`,
      `millwright_outbox_oldest_age_seconds${labels} 30`,
      `millwright_outbox_delivered_total${labels} 7`,
      `millwright_outbox_replayed_total${labels} 5`,
      `millwright_outbox_dead_lettered_total${labels} 1`,
      `millwright_outbox_dropped_total${labels} 2`,
    ])
      expect(text).toContain(line);
  });
});
