import { createLogger } from '../logging/log-events.js';
import { routeProcessOutput } from '../logging/process-output.js';
import { loadNodeModules } from '../registry/load-node-modules.js';
import { runFlowSlot, type FlowSlot } from './flow-slot.js';
import type { ParentChannel } from './parent-channel.js';
import type { FlowWorkerData, FromWorker, ToWorker } from './worker-protocol.js';
import type { FromPoolHost, ToPoolHost } from './pool-protocol.js';

// A shared host process: runs many flows, one slot each, for the runtime's host pool
// (runtime/src/engine/host-pool.ts). Function code stays in isolated-vm isolates per node.
const send = process.send?.bind(process);
if (!send) throw new Error('pool-entry must run in a forked child process');
const toHost = (m: FromPoolHost): void => void send(m);
// Never outlive the runtime: a parent that died (even by SIGKILL) closes the IPC channel.
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group: the runtime stops its flows first, then this process.
process.on('SIGINT', () => undefined);
// process 'message' events are dropped without a listener, and the pool sends `open` right after
// the fork: listen before the first await, and hold what comes until the handler below is set.
// (Under load the await took long enough to lose an `open`: the flow then never started.)
const early: ToPoolHost[] = [];
const router: { handle?: (m: ToPoolHost) => void } = {};
process.on('message', (m: ToPoolHost) => (router.handle ? router.handle(m) : early.push(m)));
await routeProcessOutput(createLogger().child({ host: `pool:${process.pid}` }));

interface Slot {
  /** Messages that arrive while the slot loads its node modules, delivered in order once it listens. */
  queue: ToWorker[];
  listener: ((m: ToWorker) => void) | null;
  running: Promise<FlowSlot | undefined>;
}
const slots = new Map<string, Slot>();

function open(data: FlowWorkerData): void {
  const slot: Slot = { queue: [], listener: null, running: Promise.resolve(undefined) };
  slots.set(data.flowId, slot);
  const channel: ParentChannel = {
    data,
    post: (m: FromWorker) => {
      if (slots.get(data.flowId) === slot) toHost({ from: data.flowId, m });
    },
    onMessage(fn) {
      slot.listener = fn;
      for (const m of slot.queue.splice(0)) fn(m);
    },
  };
  slot.running = runFlowSlot(channel).catch((err: unknown) => {
    // The flow cannot load (a node module failed): the host sees it as this slot's crash.
    toHost({ closed: data.flowId, error: err instanceof Error ? err.message : String(err) });
    slots.delete(data.flowId);
    return undefined;
  });
}

async function close(flowId: string): Promise<void> {
  const slot = slots.get(flowId);
  if (!slot) return;
  slots.delete(flowId);
  await (await slot.running)?.close();
  toHost({ closed: flowId });
}

/** Imports node modules and runs the types' `warmup`, so a flow that starts here later starts fast. */
async function warm({ modules, types }: { modules: string[]; types: string[] }): Promise<void> {
  const registry = await loadNodeModules(modules);
  await Promise.all(types.map((t) => registry.definition(t)?.warmup?.()));
}

router.handle = (m: ToPoolHost) => {
  if ('warm' in m)
    void warm(m.warm).catch(() => undefined); // only a head start: the flow's start reports errors
  else if ('open' in m) open(m.open);
  else if ('close' in m) void close(m.close);
  else {
    const slot = slots.get(m.to);
    if (!slot) return;
    if (slot.listener) slot.listener(m.m);
    else slot.queue.push(m.m);
  }
};
for (const m of early.splice(0)) router.handle(m);
toHost({ ready: true });
