import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events/event-bus.js';
import { loadNodeModules } from '../registry/load-node-modules.js';
import { FlowHealth, type HealthReport, type HealthSettings } from './flow-health.js';
import { FlowManager } from './flow-manager.js';
import { flow, node, TEST_NODES, waitFor, wire } from './fixtures/flow-helpers.js';

let manager: FlowManager | undefined;
let health: FlowHealth | undefined;
afterEach(async () => {
  health?.close();
  health = undefined;
  await manager?.stop();
  manager = undefined;
});

/** A FlowManager running flows in worker threads, and the health over it. */
async function setup(settings: HealthSettings, timing: { statsTimeoutMs?: number } = {}) {
  const bus = new EventBus();
  const registry = await loadNodeModules([TEST_NODES]);
  manager = new FlowManager({ registry, nodeModules: [TEST_NODES], bus, isolation: 'worker', restartBackoffMs: 50 });
  health = new FlowHealth({ manager, bus, settings, ...timing });
  return { bus, manager, health };
}

/** Checks until `pred` holds; rejects with the last report after `timeoutMs`. */
async function until(h: FlowHealth, pred: (r: HealthReport) => boolean, timeoutMs = 15_000): Promise<HealthReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await h.check();
    if (pred(report)) return report;
    if (Date.now() > deadline) throw new Error(`health never matched; last: ${JSON.stringify(report)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const codes = (r: HealthReport) => r.reasons.map((x) => x.code);

describe('FlowHealth over flows in worker threads', () => {
  it('reports a node whose mailbox holds a message older than stalledQueueMs, naming flow, node and age', async () => {
    const { manager, health } = await setup({ stalledQueueMs: 1_000 });
    // 20,001 messages reach "hold", which takes 1.5 s over them after passing them on: the engine's
    // turn then ends (its budget is 20,000 messages) with all of them in "sink", 1.5 s old.
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
    expect((await health.check()).status).toBe('ok');
    await manager.inject('src');

    const report = await until(health, (r) => codes(r).includes('queue_stalled'), 10_000);
    expect(report.status).toBe('degraded');
    expect(report.httpStatus).toBe(200);
    expect(report.reasons.filter((r) => r.code === 'queue_stalled')).toEqual([
      expect.objectContaining({ severity: 'degraded', flowId: 'line', nodeId: 'sink' }),
    ]);
    const stalled = report.reasons.find((r) => r.code === 'queue_stalled')!;
    expect(stalled.message).toMatch(
      /^node "sink" \(test-slow\) in flow "line": the oldest of its \d+ queued messages has waited 1\.\d s$/,
    );
    expect(stalled.since).toBeLessThan(Date.now() - 1_000);
    // The queue moves again: once the counters are read anew, the reason is gone.
    expect(codes(await until(health, (r) => r.status === 'ok'))).toEqual([]);
  });

  it('reports a flow whose thread is blocked as unresponsive, and forgets it once the flow answers', async () => {
    const { manager, health } = await setup({ stalledQueueMs: 1_000 }, { statsTimeoutMs: 200 });
    await manager.deploy(
      [
        flow('busy', [node('src', 'test-source'), node('hog', 'test-slow', { busyMs: 4_000 })], [wire('src', 'hog')]),
        flow('fine', [node('s2', 'test-source')]),
      ],
      'full',
    );
    expect((await health.check()).status).toBe('ok');
    await manager.inject('src');
    const started = Date.now();
    const report = await until(health, (r) => codes(r).includes('flow_unresponsive'), 10_000);
    // Each check waits at most statsTimeoutMs for a flow: a stuck one does not hold up the probe.
    const t0 = Date.now();
    await health.check();
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(report.reasons).toEqual([
      expect.objectContaining({ code: 'flow_unresponsive', severity: 'degraded', flowId: 'busy' }),
    ]);
    expect(report.reasons[0]!.message).toMatch(/^flow "busy" has not answered for \d/);
    expect(codes(await until(health, (r) => r.status === 'ok', 10_000))).toEqual([]);
  });

  it('reports a crash loop after crashLoopRestarts crashes within the window, with the last crash', async () => {
    const { bus, manager, health } = await setup({ crashLoopRestarts: 3, crashLoopWindowMs: 60_000 });
    let crashes = 0;
    bus.on((e) => {
      if (e.type === 'flow-state' && e.flowId === 'loop' && e.state === 'crashed') crashes++;
    });
    const third = waitFor(
      bus,
      (e) => e.type === 'flow-state' && e.flowId === 'loop' && e.state === 'crashed' && crashes >= 3,
      20_000,
    );
    await manager.deploy(
      [flow('loop', [node('boom', 'test-crasher', { at: 'setup' })]), flow('ok', [node('s', 'test-source')])],
      'full',
    );
    await third;
    const report = await health.check();
    const loop = report.reasons.find((r) => r.code === 'crash_loop');
    expect(loop).toMatchObject({ severity: 'degraded', flowId: 'loop' });
    expect(loop!.message).toMatch(
      /^flow "loop" crashed [3-9] times in the last 60 s; last: uncaught error: kaboom at start$/,
    );
    // Between crashes the flow is down (failing) or briefly up (degraded): never ok.
    expect(['failing', 'degraded']).toContain(report.status);

    // A deploy that fixes the flow starts its count afresh.
    await manager.deploy([flow('loop', [node('s3', 'test-source')]), flow('ok', [node('s', 'test-source')])], 'full');
    expect(await until(health, (r) => r.status === 'ok')).toMatchObject({ reasons: [] });
  });
});
