import type { DebugEvent, Flow, RuntimeEvent } from '@millwright/model';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_NODES } from '../../runtime/src/engine/fixtures/flow-helpers.js';
import { startTestRuntime, testFlow, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';

// Issue 12's containment bar, through the runtime and its API: a V8 fatal out-of-memory in one
// flow's function code while 50 other flows run. The API answers throughout; flows in the other
// host processes lose no message (their counters never reset or skip); the flows that shared the
// offender's host are back within seconds; the offender restarts.
const FLOWS = 50;
let t: TestRuntime | undefined;
afterAll(async () => {
  await t?.close();
});

const ticking = (i: number): Flow =>
  testFlow(
    `f${i}`,
    [
      [`f${i}-tick`, 'inject', { repeat: 'interval', intervalMs: 200, payloadType: 'number', payload: String(i) }],
      [`f${i}-count`, 'test-counter', {}],
    ],
    [[`f${i}-tick`, `f${i}-count`]],
  );

describe('a fatal out-of-memory in one flow of a pool of 50', () => {
  it('keeps the API answering and the flows of other hosts intact; the rest are back within seconds', async () => {
    t = await startTestRuntime({
      isolation: 'pool',
      poolSize: 2,
      nodeModules: ['@millwright/nodes-core', TEST_NODES],
      restartBackoffMs: 100,
    });
    const attack = testFlow(
      'attack',
      [
        ['boom-in', 'inject', { payloadType: 'number', payload: '1' }],
        ['boom', 'function', { code: 'new Array(2 ** 28).fill(1.5); return msg;' }],
      ],
      [['boom-in', 'boom']],
    );
    const flows = [attack, ...Array.from({ length: FLOWS }, (_, i) => ticking(i))];
    expect((await t.api('POST', '/api/flows', { flows })).status).toBe(200);
    const manager = t.runtime.manager;
    const allRunning = () =>
      manager.states().length === FLOWS + 1 && manager.states().every((s) => s.state === 'running');
    for (const end = Date.now() + 60_000; !allRunning();) {
      expect(Date.now()).toBeLessThan(end);
      await new Promise((r) => setTimeout(r, 100));
    }

    // Each flow's counter values as they arrive.
    const seen = new Map<string, number[]>();
    t.runtime.bus.on((e: RuntimeEvent) => {
      if (e.type !== 'debug' || !e.nodeId?.endsWith('-count')) return;
      const count = (e as DebugEvent).value as { count: number };
      const id = e.nodeId.slice(0, -'-count'.length);
      seen.set(id, [...(seen.get(id) ?? []), count.count]);
    });
    const attackHost = manager.hostProcesses().find((h) => h.flows.includes('attack'))!;
    const apart = manager
      .hostProcesses()
      .filter((h) => h.pid !== attackHost.pid)
      .flatMap((h) => h.flows);
    expect(apart.length).toBeGreaterThan(10);
    await new Promise((r) => setTimeout(r, 1_000));

    // Probe the API every 50 ms during the attack: every answer comes, and fast.
    let probing = true;
    let slowest = 0;
    let failures = 0;
    const probe = (async () => {
      while (probing) {
        const t0 = Date.now();
        const res = await fetch(`${t!.url}/api/flows`).catch(() => undefined);
        if (res?.status !== 200) failures++;
        await res?.arrayBuffer();
        slowest = Math.max(slowest, Date.now() - t0);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const crashed = new Promise<number>((resolve) =>
      t!.runtime.bus.on((e) => {
        if (e.type === 'flow-state' && e.flowId === 'attack' && e.state === 'crashed') resolve(Date.now());
      }),
    );
    expect((await t.api('POST', '/api/inject/boom-in')).status).toBe(200);
    const crashedAt = await crashed;
    for (const end = Date.now() + 30_000; !allRunning();) {
      expect(Date.now()).toBeLessThan(end);
      await new Promise((r) => setTimeout(r, 50));
    }
    const backAfterMs = Date.now() - crashedAt;
    await new Promise((r) => setTimeout(r, 1_500)); // every flow ticks again
    probing = false;
    await probe;

    expect(failures).toBe(0);
    expect(slowest).toBeLessThan(1_000);
    expect(backAfterMs).toBeLessThan(5_000);
    // Flows of the other host: consecutive counts, no reset, no gap.
    for (const id of apart) {
      const counts = seen.get(id) ?? [];
      expect(counts.length, id).toBeGreaterThan(5);
      for (let i = 1; i < counts.length; i++) expect(counts[i], `${id}: ${counts.join(',')}`).toBe(counts[i - 1]! + 1);
    }
    // Every flow runs again, co-hosted ones included: each counted after the crash.
    for (let i = 0; i < FLOWS; i++) expect(seen.get(`f${i}`)?.length ?? 0, `f${i}`).toBeGreaterThan(0);
    expect(manager.states().find((s) => s.flowId === 'attack')).toMatchObject({ state: 'running', restarts: 1 });
  }, 120_000);
});
