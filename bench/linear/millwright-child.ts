/**
 * Runs the linear flow on Millwright's compiled runtime (FlowManager with the runtime's default
 * isolation: the flow runs in a shared host process), in a process of its own so the parent can
 * read the peak RSS of its process tree.
 *
 * Usage: node --no-node-snapshot --import tsx bench/linear/millwright-child.ts <messages>
 * Talks to the parent over IPC: sends one `ChildReport`, then waits for `{ kind: 'exit' }`.
 */
import type { RuntimeEvent } from '@millwright/model';
// The compiled runtime (its package's default export, dist/), as `millwright start` runs it.
import { EventBus, FlowManager, loadNodeModules } from '@millwright/runtime';
import { numberAt } from '../lib/run-result.js';
import { LINEAR_IDS, millwrightFlow } from './millwright-flow.js';

/** What the child reports to the parent. */
export type ChildReport = { kind: 'result'; count: number; ms: number } | { kind: 'error'; message: string };

const NODE_MODULES = ['@millwright/nodes-core'];

const send = (r: ChildReport): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) throw new Error('millwright-child must be started with an IPC channel');
    process.send(r, () => resolve());
  });

async function main(messages: number): Promise<void> {
  if (!Number.isInteger(messages) || messages < 1) throw new Error(`bad message count "${process.argv[2]}"`);
  const bus = new EventBus();
  const registry = await loadNodeModules(NODE_MODULES);
  const manager = new FlowManager({ registry, nodeModules: NODE_MODULES, bus, isolation: 'pool' });
  let start = 0;
  const done = new Promise<ChildReport>((resolve) => {
    bus.on((e: RuntimeEvent) => {
      if (e.type === 'error') resolve({ kind: 'error', message: `${e.nodeId ?? e.flowId}: ${e.error.message}` });
      else if (e.type === 'debug' && e.nodeId === LINEAR_IDS.report) {
        const count = numberAt(e.value, 'count');
        const end = numberAt(e.value, 'end');
        if (count === undefined || end === undefined)
          resolve({ kind: 'error', message: `unexpected report ${JSON.stringify(e.value)}` });
        else resolve({ kind: 'result', count, ms: end - start });
      }
    });
  });
  // The parent went away (killed): nobody will ask for a graceful exit.
  process.on('disconnect', () => process.exit(1));
  process.on('message', (m: unknown) => {
    if (typeof m !== 'object' || m === null || Reflect.get(m, 'kind') !== 'exit') return;
    // A graceful exit lets --cpu-prof write the profiles of this process and its workers.
    void manager.stop().finally(() => process.exit(0));
  });
  await manager.deploy([millwrightFlow(messages)], 'full');
  start = Date.now();
  await manager.inject(LINEAR_IDS.source);
  await send(await done);
}

main(Number(process.argv[2])).catch((err: unknown) => {
  void send({ kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
});
