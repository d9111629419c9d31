import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalPath, OUTBOX_FOLDER, parseJournal, readOutbox } from '@millwright/outbox';
import { startSimErp, type SimErp } from '@millwright/sim-erp';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnRuntime, waitFor, type RuntimeChild } from './runtime-child.js';

/** How long the ERP stays down (the issue asks for 60 s). */
const OUTAGE_MS = 60_000;
const INTERVAL_MS = 300;
const POST_NODE = 'post-erp';

const runtimes: RuntimeChild[] = [];
let erp: SimErp | undefined;
let dir: string | undefined;
afterEach(async () => {
  for (const r of runtimes.splice(0)) r.kill();
  await erp?.stop();
  erp = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const at = (x: number, y = 100) => ({ x, y });
const perf = 'responses[0].segments[0].materialActuals[0]';
/**
 * inject (every 300 ms, payload = now) -> switch (payload < env STOP_AT) -> isa95-map (a B2MML
 * SyncOperationsPerformance whose ID is the message id, BODID new) -> erp-post to the sim ERP.
 */
function outageFlow(erpUrl: string) {
  return {
    version: 1,
    id: 'erp-outage',
    name: 'ERP outage',
    nodes: [
      {
        id: 'tick',
        type: 'inject',
        typeVersion: 1,
        position: at(100),
        config: { payloadType: 'timestamp', once: true, onceDelayMs: 10, repeat: 'interval', intervalMs: INTERVAL_MS },
      },
      {
        id: 'until',
        type: 'switch',
        typeVersion: 1,
        position: at(250),
        config: { property: 'payload', rules: [{ op: '<', value: 'STOP_AT', valueType: 'env' }] },
      },
      {
        id: 'to-b2mml',
        type: 'isa95-map',
        typeVersion: 1,
        position: at(400),
        config: {
          direction: 'json-to-b2mml',
          document: 'SyncOperationsPerformance',
          sender: 'MES-L1',
          receiver: 'ERP',
          mappings: [
            { from: 'id', to: 'id' },
            { from: 'order', to: 'responses[0].id', default: 'R-1' },
            { from: 'order', to: 'responses[0].operationsRequestIds[0]', default: 'WO-1001' },
            { from: 'segment', to: 'responses[0].segments[0].id', default: 'S-1' },
            { from: 'material', to: `${perf}.id`, default: 'M-1' },
            { from: 'good', to: `${perf}.quantities[0].value`, type: 'number', default: '10' },
            { from: 'goodKey', to: `${perf}.quantities[0].key`, default: 'Good' },
          ],
        },
      },
      {
        id: POST_NODE,
        type: 'erp-post',
        typeVersion: 1,
        position: at(550),
        config: {
          url: `${erpUrl}/api/production-performance`,
          maxAttempts: 0,
          baseDelayMs: 200,
          maxDelayMs: 1_000,
          timeoutMs: 2_000,
        },
      },
    ],
    wires: [
      { from: { node: 'tick', port: 0 }, to: { node: 'until', port: 0 } },
      { from: { node: 'until', port: 0 }, to: { node: 'to-b2mml', port: 0 } },
      { from: { node: 'to-b2mml', port: 0 }, to: { node: POST_NODE, port: 0 } },
    ],
  };
}

describe('ERP outage with a runtime crash', () => {
  it(
    'delivers every accepted report exactly once after a 60 s outage and a SIGKILL mid-stream',
    { timeout: 150_000 },
    async () => {
      dir = await mkdtemp(join(tmpdir(), 'mw-erp-outage-'));
      const dataDir = join(dir, 'data');
      const journal = journalPath(join(dataDir, OUTBOX_FOLDER), POST_NODE);
      const flowFile = join(dir, 'erp-outage.flow.json');
      erp = await startSimErp();
      await writeFile(flowFile, JSON.stringify(outageFlow(erp.url)));
      const run = (stopAt: number) => {
        const r = spawnRuntime(['run', flowFile, '--data-dir', dataDir], {
          STOP_AT: String(stopAt),
        });
        runtimes.push(r);
        return r;
      };

      // Every key the outbox ever accepted, read from its journal (enqueue records are fsynced
      // before the node acknowledges a message). The run stays far below the compaction
      // threshold, so no enqueue record is dropped before we read it.
      const accepted = new Set<string>();
      const sampleJournal = () => {
        let buf: Buffer;
        try {
          buf = readFileSync(journal);
        } catch {
          return;
        }
        for (const r of parseJournal(buf).records) if (r.op === 'enqueue') accepted.add(r.key);
      };
      const pending = () => readOutbox(join(dataDir, OUTBOX_FOLDER), POST_NODE)?.pending.length ?? 0;

      // 1. The flow works: a few reports reach the ERP.
      const first = run(Date.now() + 3_600_000);
      await waitFor(
        () => erp!.received().length >= 3,
        `3 reports at the ERP; runtime output:\n${first.output()}`,
        30_000,
      );

      // 2. The ERP goes down; reports pile up in the outbox.
      await erp.setMode('down');
      const downAt = Date.now();
      await waitFor(() => pending() >= 8, 'reports queued in the outbox', 15_000);

      // 3. SIGKILL mid-stream: the inject keeps firing and the head request keeps retrying.
      first.kill();
      expect(await first.exited).toBe('SIGKILL');
      sampleJournal();
      const queuedAtKill = pending();
      const acceptedBeforeKill = new Set(accepted);

      // 4. Restart on the same data dir; the source stops shortly after the ERP is back.
      const upAt = downAt + OUTAGE_MS;
      const second = run(upAt + 2_000);
      while (Date.now() < upAt) {
        sampleJournal();
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(erp.received().filter((r) => r.receivedAt >= downAt)).toEqual([]);
      await erp.setMode('ok');

      // 5. Drain: the source has stopped and the outbox is empty.
      await waitFor(
        () => {
          sampleJournal();
          return Date.now() > upAt + 2_500 && pending() === 0;
        },
        `the outbox to drain; runtime output:\n${second.output().slice(-3_000)}`,
        30_000,
      );
      second.child.kill('SIGTERM');
      await second.exited;
      sampleJournal();

      // 6. Exactly once, checked on the ERP side.
      const summary = erp.summary();
      const keys = summary.reports.map((r) => r.idempotencyKey ?? '(no key)');
      const perfIds = summary.reports.flatMap((r) => r.performanceIds);
      const missing = [...accepted].filter((k) => !keys.includes(k));
      const unexpected = keys.filter((k) => !accepted.has(k));
      const info =
        `accepted ${accepted.size} (${acceptedBeforeKill.size} before the kill, ${queuedAtKill} queued at the kill), ` +
        `ERP recorded ${keys.length}, suppressed ${summary.duplicates} duplicates`;
      expect({ missing, unexpected, info }).toEqual({ missing: [], unexpected: [], info });
      expect(new Set(keys).size, info).toBe(keys.length);
      expect(new Set(perfIds).size, info).toBe(keys.length);
      expect(keys.length, info).toBe(accepted.size);
      // The kill hit a queue, and what was queued then arrived after the outage.
      expect(queuedAtKill, info).toBeGreaterThanOrEqual(8);
      const afterOutage = new Set(summary.reports.filter((r) => r.receivedAt >= upAt).map((r) => r.idempotencyKey));
      expect([...acceptedBeforeKill].filter((k) => afterOutage.has(k)).length, info).toBeGreaterThanOrEqual(8);
      // Reports kept coming in while the ERP was down, after the restart too.
      expect(accepted.size - acceptedBeforeKill.size, info).toBeGreaterThan(100);
      console.log(`erp-outage: ${info}`);
    },
  );
});
