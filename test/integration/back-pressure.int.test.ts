import { readFileSync } from 'node:fs';
import type { Flow } from '@millwright/model';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testFlow, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';

// Issue 13's back-pressure bar, through the runtime in its default isolation: a burst of 1,000,000
// messages into a slow node pauses its source at the flow's queue limit instead of filling memory;
// the queue shows in /metrics and /healthz says degraded until the flow catches up.
const BURST = 1_000_000;
const HIGH_WATER = 10_000;
let t: TestRuntime | undefined;
afterAll(async () => {
  await t?.close();
});

/** Resident memory of a process in MB, from /proc. */
const rssMb = (pid: number): number => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
};

/** A sample of /metrics for one series (labels in any order), or undefined. */
const sample = (metrics: string, name: string, labels: string[]): number | undefined => {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

describe('back-pressure', () => {
  it('pauses a 1,000,000-message burst into a slow node at the queue limit, and reports it', async () => {
    t = await startTestRuntime({ isolation: 'pool', nodeModules: ['@millwright/nodes-core'] });
    const flow: Flow = testFlow(
      'bp',
      [
        ['bp-src', 'inject', { payloadType: 'number', payload: '1', burst: BURST }],
        // About 5,000 messages a second: 256 awaiting at once, 50 ms each.
        ['bp-slow', 'function', { code: 'await new Promise((r) => setTimeout(r, 50));\nreturn msg;' }],
      ],
      [['bp-src', 'bp-slow']],
    );
    expect((await t.api('POST', '/api/flows', { flows: [flow] })).status).toBe(200);
    const [host] = t.runtime.manager.hostProcesses();
    expect(host).toBeDefined();
    const before = rssMb(host!.pid);
    expect((await t.api('POST', '/api/inject/bp-src')).status).toBe(200);

    // The flow reaches its limit within a moment and stays there: the source waits.
    let health = await t.api('GET', '/healthz');
    for (let i = 0; i < 100 && (health.body as { status: string }).status !== 'degraded'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      health = await t.api('GET', '/healthz');
    }
    expect(health).toMatchObject({ status: 200, body: { status: 'degraded' } });
    await new Promise((r) => setTimeout(r, 3_000));
    health = await t.api('GET', '/healthz');
    const [state] = (health.body as { flows: Array<{ flowId: string; backlog?: number }> }).flows;
    expect(state?.backlog).toBeGreaterThanOrEqual(HIGH_WATER / 2);

    const metrics = (await t.api('GET', '/metrics')).text;
    const depth = sample(metrics, 'millwright_node_queue_depth', ['flow="bp"', 'node="bp-slow"']);
    const sent = sample(metrics, 'millwright_node_messages_sent_total', ['flow="bp"', 'node="bp-src"']);
    const backlog = sample(metrics, 'millwright_flow_backlog', ['flow="bp"']);
    // Queued: about the limit plus one chunk of the burst, never the whole burst.
    expect(depth).toBeGreaterThan(HIGH_WATER / 2);
    expect(depth).toBeLessThanOrEqual(HIGH_WATER + 10_000);
    expect(backlog).toBeGreaterThan(0);
    // In 3 s at ~5,000/s the slow node took ~15,000: the source sent a fraction of its burst.
    expect(sent).toBeLessThan(BURST / 10);
    // Without back-pressure the host held the whole burst (459 MB measured); now it stays small.
    expect(rssMb(host!.pid) - before).toBeLessThan(100);

    // The host dies while the flow is paused: the restarted flow starts with empty queues and
    // /healthz must not stay degraded on the dead engine's backlog.
    process.kill(host!.pid, 'SIGKILL');
    const runningAgain = (h: { body: unknown }) =>
      (h.body as { flows: Array<{ state: string; restarts: number }> }).flows.some(
        (f) => f.state === 'running' && f.restarts === 1,
      );
    let after = await t.api('GET', '/healthz');
    for (let i = 0; i < 200 && !runningAgain(after); i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await t.api('GET', '/healthz');
    }
    expect(after.body).toEqual({
      status: 'ok',
      flows: [{ flowId: 'bp', state: 'running', restarts: 1 }],
      reasons: [],
      connections: [],
    });
  }, 30_000);
});
