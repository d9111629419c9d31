import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events/event-bus.js';
import { flow, node, TEST_NODES, wire } from '../engine/fixtures/flow-helpers.js';
import { FlowManager } from '../engine/flow-manager.js';
import { loadNodeModules } from '../registry/load-node-modules.js';
import { createRuntimeMetrics } from './runtime-metrics.js';

let manager: FlowManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

/** The value of `name{labels}` in Prometheus text, or undefined. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('millwright_node_queue_oldest_seconds', () => {
  it("is the age of the oldest message in each node's mailbox, 0 when it is empty", async () => {
    const bus = new EventBus();
    const registry = await loadNodeModules([TEST_NODES]);
    manager = new FlowManager({ registry, nodeModules: [TEST_NODES], bus, isolation: 'worker' });
    // "hold" passes 20,001 messages on to "sink", then works 1.5 s: the engine's turn ends (its budget
    // is 20,000 messages) with them all waiting in sink's mailbox, 1.5 s old, when the scrape is answered.
    await manager.deploy(
      [
        flow(
          'line',
          [
            node('src', 'test-source'),
            node('fan', 'test-slow', { busyMs: 0, copies: 20_001 }),
            node('hold', 'test-slow', { busyMs: 1_500, batch: true }),
            node('sink', 'test-slow', { busyMs: 0, copies: 0 }),
          ],
          [wire('src', 'fan'), wire('fan', 'hold'), wire('hold', 'sink')],
        ),
      ],
      'full',
    );
    const metrics = createRuntimeMetrics({ manager, wsClients: () => 0 });
    const name = 'millwright_node_queue_oldest_seconds';
    const before = await metrics.render();
    expect(before).toContain(`# HELP ${name} Age of the oldest message waiting in a node's mailbox`);
    expect(sample(before, name, 'flow="line",node="sink",type="test-slow"')).toBe(0);

    await manager.inject('src');
    const during = await metrics.render();
    expect(sample(during, name, 'flow="line",node="sink",type="test-slow"')).toBeGreaterThanOrEqual(1.4);
    expect(sample(during, 'millwright_node_queue_depth', 'flow="line",node="sink",type="test-slow"')).toBe(20_001);
    expect(sample(during, name, 'flow="line",node="src",type="test-source"')).toBe(0);
  });
});
