import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  debugFlood,
  globalFiller,
  logFlood,
  metricSum,
  neverStarting,
  peakRss,
  startAttackRuntime,
  type AttackRuntime,
} from '../../runtime/src/testing/attack-runtime.js';

// Issue 19, attacks 1, 6 and 7 and the hung deploy, against a spawned runtime (pool isolation,
// default limits but a 1.5 s start timeout) whose main-process RSS and log bytes are measured.
// Short windows here; `npm run bench:attacks` runs the full ones with limits off and on.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let rt: AttackRuntime;

beforeAll(async () => {
  rt = await startAttackRuntime({ limits: { flowStartTimeoutMs: 1_500 } });
}, 30_000);
afterAll(async () => {
  await rt?.close();
});

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; !(await check()); await sleep(100))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${rt.tail()}`);
}

describe('resource attacks on a spawned runtime (issue 19)', () => {
  it('global context: a flow filling it is refused at its quota; the main process stays flat and is freed', async () => {
    const before = rt.rssMb();
    const peak = await peakRss(rt, async () => {
      // g1 is the attack (10 MB per key: refused at once); g2 fills 1 MB keys up to the quota.
      expect((await rt.deploy([globalFiller('g1', 10e6), globalFiller('g2', 1e6)])).status).toBe(200);
      await until(
        () => rt.tail(50_000).includes('"flowId":"g2"') && rt.tail(50_000).includes('context_quota_exceeded'),
        'a refused set',
      );
      await sleep(2_000);
    });
    const metrics = await rt.get('/metrics');
    expect(rt.tail(200_000)).toMatch(/context_quota_exceeded[^\n]*"caught":true/);
    expect(metricSum(metrics, 'millwright_global_context_bytes', 'flow="g2"')).toBeGreaterThan(7_000_000);
    expect(metricSum(metrics, 'millwright_global_context_bytes', 'flow="g2"')).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(metricSum(metrics, 'millwright_global_context_keys', 'flow="g1"')).toBe(0);
    console.log(`global context attack: main RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB`);
    // Without the quota: +1,163 MB in 10 s (the issue); one flow here reached +1,115 MB in 5 s.
    expect(peak - before).toBeLessThan(80);
    expect((await rt.deploy([])).status).toBe(200);
    expect(await rt.get('/metrics')).not.toContain('millwright_global_context_bytes{');
  }, 60_000);

  it('log flood: 4 MB node.warn every 50 ms writes a bounded log; cut and dropped lines are counted', async () => {
    expect((await rt.deploy(logFlood('log'))).status).toBe(200);
    await until(() => rt.tail(20_000).includes('truncated 3991808 chars'), 'a cut warning');
    const start = rt.logBytes();
    await sleep(2_000);
    const written = rt.logBytes() - start;
    const metrics = await rt.get('/metrics');
    expect((await rt.deploy([])).status).toBe(200);
    console.log(`log flood: ${(written / 1e6).toFixed(2)} MB of runtime log in 2 s`);
    // Without the caps: 620 MB in 15 s (the issue), 57 MB in 4 s here.
    expect(written).toBeLessThan(2_500_000);
    expect(metricSum(metrics, 'millwright_node_events_truncated_total', 'node="log-big-fn"')).toBeGreaterThan(5);
    expect(metricSum(metrics, 'millwright_node_events_dropped_total', 'node="log-many-fn"')).toBeGreaterThan(1_000);
    expect(rt.tail(200_000)).toMatch(/"nodeId":"log-many-fn"[^\n]*"msg":"output limit: dropped \d+ log event/);
  }, 60_000);

  it('slow websocket consumer: the main process holds a bounded buffer and drops the oldest; frames stay small', async () => {
    const wsUrl = `${rt.url.replace('http', 'ws')}/api/events`;
    const slow = new WebSocket(wsUrl, ['millwright']);
    const reader = new WebSocket(wsUrl, ['millwright']);
    let largest = 0;
    reader.on('message', (data: Buffer) => (largest = Math.max(largest, data.length)));
    await Promise.all([slow, reader].map((ws) => new Promise((ok, fail) => ws.once('open', ok).once('error', fail))));
    slow.pause(); // stops reading: its socket buffers fill up
    const before = rt.rssMb();
    try {
      const peak = await peakRss(rt, async () => {
        expect((await rt.deploy([debugFlood('dbg')])).status).toBe(200);
        await until(async () => metricSum(await rt.get('/metrics'), 'millwright_ws_events_dropped_total') > 0, 'drops');
        await sleep(2_000);
      });
      console.log(
        `slow consumer: main RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB; largest frame ${largest} bytes`,
      );
      // Without the caps: +1.1 GB in 30 s and frames over 100 MB (the issue).
      expect(peak - before).toBeLessThan(150);
      expect(largest).toBeGreaterThan(0);
      expect(largest).toBeLessThanOrEqual(1024 * 1024);
    } finally {
      slow.terminate();
      reader.terminate();
      await rt.deploy([]);
    }
  }, 60_000);

  it('a flow that never starts fails after the start timeout; the deploy and the next one complete', async () => {
    const hung = await rt.deploy([neverStarting('hung')]);
    expect(hung.status).toBe(200);
    const fix = await rt.deploy([]);
    console.log(`never-starting flow: deploy ${hung.ms.toFixed(0)} ms, corrective deploy ${fix.ms.toFixed(0)} ms`);
    // Before: the deploy failed after 60 s and every deploy queued behind it waited.
    expect(hung.ms).toBeGreaterThanOrEqual(1_400);
    expect(hung.ms).toBeLessThan(5_000);
    expect(rt.tail(100_000)).toMatch(/"code":"flow_start_timeout"[^\n]*did not start within 1500 ms/);
    expect(fix.status).toBe(200);
    expect(fix.ms).toBeLessThan(2_000);
  }, 60_000);
});
