import type { Flow, RuntimeEvent } from '@millwright/model';
import { FlowManager } from '../../runtime/src/engine/flow-manager.js';
import { EventBus } from '../../runtime/src/events/event-bus.js';
import { loadNodeModules } from '../../runtime/src/registry/load-node-modules.js';

const NODE_MODULES = ['@millwright/nodes-core'];

/** A node of a test flow. */
export const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  name: id,
  config,
  position: { x: 0, y: 0 },
});
export const wire = (from: string, to: string, port = 0) => ({
  from: { node: from, port },
  to: { node: to, port: 0 },
});
export const flow = (id: string, nodes: Flow['nodes'], wires: Flow['wires']): Flow => ({
  version: 1,
  id,
  name: id,
  nodes,
  wires,
});

/** `<id>-in` (inject, payload "go") -> `<id>` (function `code`) -> `<id>-out` (debug). */
export function functionFlow(id: string, code: string, config: Record<string, unknown> = {}): Flow {
  return flow(
    id,
    [
      node(`${id}-in`, 'inject', { payloadType: 'string', payload: 'go' }),
      node(id, 'function', { timeoutMs: 250, ...config, code }),
      node(`${id}-out`, 'debug', { property: 'payload' }),
    ],
    [wire(`${id}-in`, id), wire(id, `${id}-out`)],
  );
}

/** A FlowManager with worker isolation and the core nodes, recording every event. */
export async function startManager() {
  const bus = new EventBus();
  const events: RuntimeEvent[] = [];
  bus.on((e) => events.push(e));
  const registry = await loadNodeModules(NODE_MODULES);
  const manager = new FlowManager({ registry, nodeModules: NODE_MODULES, bus, isolation: 'worker', workerHeapMb: 256 });
  return { bus, events, manager };
}

/** Resolves with the first event (already seen or coming) that matches, or rejects after `timeoutMs`. */
export function eventually<T extends RuntimeEvent>(
  events: RuntimeEvent[],
  pred: (e: RuntimeEvent) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const hit = events.find(pred);
      if (hit) return resolve(hit as T);
      if (Date.now() > end) return reject(new Error('timed out waiting for an event'));
      setTimeout(poll, 10);
    };
    poll();
  });
}

export const debugFrom = (nodeId: string) => (e: RuntimeEvent) => e.type === 'debug' && e.nodeId === nodeId;
export const errorFrom = (nodeId: string) => (e: RuntimeEvent) => e.type === 'error' && e.nodeId === nodeId;
