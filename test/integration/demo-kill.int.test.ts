import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextFileOf } from '@millwright/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemoPlant, type DemoPlant } from '../../runtime/src/demo/demo-plant.js';
import { ROOT, spawnRuntime, waitFor, type RuntimeChild } from './runtime-child.js';

/**
 * The demo plant's flows in a real runtime process, its simulators in this one (so they outlive
 * the runtime): a kill -9 in the middle of an order must not make the PLC run an order twice, lose
 * or double a report to the ERP, or stall the line.
 */
const ORDERS = [
  { material: 'PART-A', quantity: 30 },
  { material: 'PART-B', quantity: 30 },
  { material: 'PART-A', quantity: 20 },
];
const IDS = ORDERS.map((_, i) => `WO-${1001 + i}`);

let plant: DemoPlant | undefined;
let dir: string | undefined;
const runtimes: RuntimeChild[] = [];
let sampler: NodeJS.Timeout | undefined;
afterAll(async () => {
  clearInterval(sampler);
  for (const r of runtimes) r.kill();
  await plant?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 30_000);

describe('demo plant and kill -9', () => {
  it(
    'kill -9 of the runtime during an order: after restart the PLC gets no order twice, every completed order reaches the ERP exactly once, and the next released order is dispatched within 30 s',
    { timeout: 90_000 },
    async () => {
      dir = await mkdtemp(join(tmpdir(), 'mw-demo-kill-'));
      const dataDir = join(dir, 'data');
      plant = await startDemoPlant({
        ports: { opcua: 0, mqtt: 0, erp: 0 },
        timeScale: 20,
        workOrders: ORDERS,
        replenish: false,
      });
      const plc = plant.plc;
      const erp = plant.erp;

      // What the PLC went through, sampled faster than its 100 ms tick: the orders it started, in
      // order (a write of the order it already runs changes nothing there), and when each order
      // reached its quantity.
      const started: Array<{ order: string; at: number }> = [];
      const madeAt = new Map<string, number>();
      sampler = setInterval(() => {
        const s = plc.snapshot();
        if (s.workOrder !== (started.at(-1)?.order ?? '')) started.push({ order: s.workOrder, at: Date.now() });
        const i = IDS.indexOf(s.workOrder);
        if (i >= 0 && !madeAt.has(s.workOrder) && (s.machines[0]?.goodCount ?? 0) >= ORDERS[i]!.quantity)
          madeAt.set(s.workOrder, Date.now());
      }, 10);
      const startedAt = (order: string) => started.find((s) => s.order === order)?.at;

      const run = () => {
        const r = spawnRuntime(
          ['run', join(ROOT, 'flows/demo-plant'), '--data-dir', dataDir, '--isolation', 'worker'],
          plant!.env,
        );
        runtimes.push(r);
        return r;
      };
      const reported = () => erp.received().flatMap((r) => r.workOrderIds);

      // 1. The first order is made and reported; the kill comes while the PLC is on the second.
      const first = run();
      await waitFor(
        () =>
          reported().includes(IDS[0]!) &&
          plc.snapshot().workOrder === IDS[1] &&
          (plc.snapshot().machines[0]?.goodCount ?? 0) >= 5,
        `the second order under way; runtime output:\n${first.output().slice(-3_000)}`,
        45_000,
      );
      const midOrder = plc.snapshot().machines[0]?.goodCount ?? 0;
      first.kill();
      expect(await first.exited).toBe('SIGKILL');
      const killedAt = Date.now();
      // The state the killed runtime left: the second order active, the first completed.
      const stored = JSON.parse(await readFile(contextFileOf(dataDir, 'demo-work-orders'), 'utf8')) as {
        scopes: { flow: { orders: { active: { id: string } | null; completed: string[] } } };
      };
      expect(stored.scopes.flow.orders).toMatchObject({ active: { id: IDS[1] }, completed: [IDS[0]] });

      // 2. Restart on the same data dir; the line finishes the second order and runs the third.
      const second = run();
      const restartedAt = Date.now();
      const output = () => `first run:\n${first.output().slice(-2_000)}\nsecond run:\n${second.output().slice(-3_000)}`;
      await waitFor(() => IDS.every((id) => reported().includes(id)), `every order reported; ${output()}`, 45_000);
      // Time for a report or a dispatch sent twice to show up.
      await new Promise((r) => setTimeout(r, 1_500));

      // No order twice to the PLC: each order started once, in ERP order (from the idle start).
      expect(started.map((s) => s.order)).toEqual(IDS);
      // And the flow sent each dispatch once across both runs (its debug node logs each one).
      const dispatches = [...first.lines(), ...second.lines()]
        .filter((l) => l['event'] === 'debug' && l['nodeId'] === 'wo-dispatched')
        .map((l) => (l['value'] as { id?: string } | undefined)?.id);
      // The first run's log may end before the kill (buffered): it has at most the first two.
      expect(dispatches.filter((id) => id === IDS[2])).toEqual([IDS[2]]);
      expect(dispatches.filter((id) => id === IDS[1]).length).toBeLessThanOrEqual(1);
      expect(second.lines().filter((l) => l['event'] === 'debug' && l['nodeId'] === 'wo-dispatched')).toHaveLength(1);

      // Every completed order at the ERP exactly once (repeats are answered by idempotency key, not recorded).
      const summary = erp.summary();
      expect(reported().sort()).toEqual([...IDS].sort());
      expect(summary.reports.map((r) => r.idempotencyKey)).toEqual(IDS.map((id) => `${id}:performance`));
      expect(summary.rejected).toBe(0);

      // The next released order was dispatched within 30 s of the line being free again: the
      // second order made (while the runtime was down, or after) or the restart, whichever came last.
      const freeAt = Math.max(madeAt.get(IDS[1]!) ?? Infinity, restartedAt);
      const nextAt = startedAt(IDS[2]!);
      expect(nextAt).toBeDefined();
      expect(nextAt! - freeAt).toBeLessThan(30_000);
      console.log(
        `demo-kill: killed at ${midOrder} good of ${IDS[1]}; down ${restartedAt - killedAt} ms; ` +
          `${IDS[2]} dispatched ${nextAt! - freeAt} ms after the line was free; ERP duplicates suppressed: ${summary.duplicates}`,
      );
      second.child.kill('SIGTERM');
      await second.exited;
    },
  );
});
