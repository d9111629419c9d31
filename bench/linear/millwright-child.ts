/**
 * Runs the linear flow on Millwright's compiled runtime (FlowManager with the runtime's default
 * isolation, `pool`: the flows run in shared host processes), in a process of its own so the parent
 * can read the peak RSS of its process tree.
 *
 * Usage: node --no-node-snapshot --import tsx bench/linear/millwright-child.ts <messages> <flows> <withFunction 0|1>
 * Talks to the parent over IPC: sends one `ChildReport`, then waits for `{ kind: 'exit' }`.
 */
import type { RuntimeEvent } from '@millwright/model';
// The compiled runtime (its package's default export, dist/), as `millwright start` runs it.
import { EventBus, FlowManager, loadNodeModules } from '@millwright/runtime';
import { numberAt, type FlowReport } from '../lib/run-result.js';
import { linearIds, millwrightFlow } from './millwright-flow.js';

/** What the child reports to the parent: one FlowReport per flow, in flow order. */
export type ChildReport = { kind: 'result'; flows: FlowReport[] } | { kind: 'error'; message: string };

const NODE_MODULES = ['@millwright/nodes-core'];

const send = (r: ChildReport): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) throw new Error('millwright-child must be started with an IPC channel');
    process.send(r, () => resolve());
  });

async function main(messages: number, flows: number, withFunction: boolean): Promise<void> {
  if (!Number.isInteger(messages) || messages < 1) throw new Error(`bad message count "${process.argv[2]}"`);
  if (!Number.isInteger(flows) || flows < 1) throw new Error(`bad flow count "${process.argv[3]}"`);
  const bus = new EventBus();
  const registry = await loadNodeModules(NODE_MODULES);
  // No pool settings: the runtime's defaults (one host per core at most, 16 flows per host).
  const manager = new FlowManager({ registry, nodeModules: NODE_MODULES, bus, isolation: 'pool' });
  const ids = Array.from({ length: flows }, (_, i) => linearIds(i));
  let start = 0;
  const done = new Promise<ChildReport>((resolve) => {
    // Each flow's counter reports once, on its N-th message; the run ends when every flow has.
    const ends = new Map<number, FlowReport>();
    bus.on((e: RuntimeEvent) => {
      if (e.type === 'error') return resolve({ kind: 'error', message: `${e.nodeId ?? e.flowId}: ${e.error.message}` });
      const index = e.type === 'debug' ? ids.findIndex((x) => x.report === e.nodeId) : -1;
      if (e.type !== 'debug' || index < 0) return;
      const count = numberAt(e.value, 'count');
      const end = numberAt(e.value, 'end');
      if (count === undefined || end === undefined)
        return resolve({ kind: 'error', message: `unexpected report ${JSON.stringify(e.value)}` });
      ends.set(index, { count, start, end });
      if (ends.size === flows)
        resolve({ kind: 'result', flows: ids.map((_, i) => ends.get(i) ?? { count: 0, start, end }) });
    });
  });
  // The parent went away (killed): nobody will ask for a graceful exit.
  process.on('disconnect', () => process.exit(1));
  process.on('message', (m: unknown) => {
    if (typeof m !== 'object' || m === null || Reflect.get(m, 'kind') !== 'exit') return;
    // A graceful exit lets --cpu-prof write the profiles of this process and its workers.
    void manager.stop().finally(() => process.exit(0));
  });
  await manager.deploy(
    ids.map((_, index) => millwrightFlow({ messages, index, withFunction })),
    'full',
  );
  // One clock for every flow, started just before the triggers leave for the flows' host process.
  start = Date.now();
  await Promise.all(ids.map((x) => manager.inject(x.source)));
  await send(await done);
}

main(Number(process.argv[2]), Number(process.argv[3]), process.argv[4] === '1').catch((err: unknown) => {
  void send({ kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
});
