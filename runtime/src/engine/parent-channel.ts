import { parentPort, workerData } from 'node:worker_threads';
import type { FlowWorkerData, FromWorker, ToWorker } from './worker-protocol.js';

/** The flow side of a `FlowTransport`: the same calls in a worker thread and in a child process. */
export interface ParentChannel {
  readonly data: FlowWorkerData;
  post(m: FromWorker): void;
  /** Messages that arrived before the listener was set are delivered to it first, in order. */
  onMessage(fn: (m: ToWorker) => void): void;
}

/** Connects to the host that started this thread or process; resolves once the start data is known. */
export async function connectToParent(): Promise<ParentChannel> {
  if (parentPort) {
    const port = parentPort;
    // A MessagePort queues messages until a listener is attached, so no buffering is needed here.
    return {
      data: workerData as FlowWorkerData,
      post: (m) => port.postMessage(m),
      onMessage: (fn) => port.on('message', fn),
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('worker-entry must run in a worker thread or a forked child process');
  // Never outlive the runtime: a parent that died (even by SIGKILL) closes the IPC channel.
  process.on('disconnect', () => process.exit(0));
  // process 'message' events are dropped without a listener, and the host sends requests right
  // after the init message while the node modules are still loading: buffer until onMessage.
  const queue: ToWorker[] = [];
  let listener: ((m: ToWorker) => void) | null = null;
  let init: ((d: FlowWorkerData) => void) | null = null;
  const data = new Promise<FlowWorkerData>((resolve) => (init = resolve));
  process.on('message', (m: { init: FlowWorkerData } | ToWorker) => {
    if ('init' in m) init?.(m.init);
    else if (listener) listener(m);
    else queue.push(m);
  });
  return {
    data: await data,
    post: (m) => send(m),
    onMessage(fn) {
      listener = fn;
      for (const m of queue.splice(0)) fn(m);
    },
  };
}
