import type { DebugEvent, ErrorEvent, Flow, FlowMessage, LogEvent, RuntimeEvent, StatusEvent } from '@millwright/model';
import type { Confinement } from '../confinement/confinement.js';
import type { AnyNodeDefinition } from '../define-node.js';
import { FlowEngine } from '../engine/flow-engine.js';
import type { QueueLimits } from '../engine/flow-pressure.js';
import { MemoryContextStore } from '../memory-context.js';
import { createMessage } from '../message-id.js';
import { NodeRegistry } from '../registry.js';

export interface RunFlowOptions {
  /** Credentials per node id. */
  credentials?: Record<string, Record<string, unknown>>;
  env?: Record<string, string>;
  globalContext?: MemoryContextStore;
  /** `NodeContext.dataDir` of every node (durable files); omitted: undefined, as in memory-only runs. */
  dataDir?: string;
  /** `NodeContext.confinement` of every node; omitted: the defaults (see `confinementOf`). */
  confinement?: Confinement;
  /** Receives `NodeContext.respond` calls (http-response); omitted: nodes see no `respond`. */
  respond?: (replyTo: string, response: unknown) => void;
  /** Queue limits of the flow (defaults: `DEFAULT_QUEUE_LIMITS`). */
  queueLimits?: Partial<QueueLimits>;
  /** Told when the flow's queue goes over its high-water mark and back. */
  pressure?: (high: boolean, queued: number) => void;
}

/** A flow running in-process for tests, with everything it does recorded. */
export interface FlowHarness {
  engine: FlowEngine;
  /** Every event the flow emitted, in order. */
  events: RuntimeEvent[];
  /** Messages node `nodeId` sent on `port` (snapshots taken at send time). */
  outputs(nodeId: string, port?: number): FlowMessage[];
  debug(nodeId?: string): DebugEvent[];
  errors(nodeId?: string): ErrorEvent[];
  statuses(nodeId?: string): StatusEvent[];
  logs(nodeId?: string): LogEvent[];
  /** Puts a message on a node's input. Fields missing from `msg` (id) are filled in. */
  send(nodeId: string, msg: Partial<FlowMessage>): void;
  /** Triggers a source node as the inject button does. */
  trigger(nodeId: string): Promise<void>;
  /** Resolves when `nodeId` has sent `count` messages on `port`; rejects after `timeoutMs`. */
  waitForOutputs(
    nodeId: string,
    count: number,
    options?: { port?: number; timeoutMs?: number },
  ): Promise<FlowMessage[]>;
  /** Resolves when an event matches; rejects after `timeoutMs`. */
  waitForEvent<T extends RuntimeEvent>(predicate: (e: RuntimeEvent) => e is T, timeoutMs?: number): Promise<T>;
  waitForEvent(predicate: (e: RuntimeEvent) => boolean, timeoutMs?: number): Promise<RuntimeEvent>;
  /** Waits until all mailboxes are empty. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a flow in-process with the given node types and records its outputs and events. The same
 * engine runs inside the runtime's workers, so what passes here behaves the same deployed.
 *
 * @example
 * const h = await runFlow(flow, [inject, fn, debug]);
 * await h.trigger('inject1');
 * const [out] = await h.waitForOutputs('fn1', 1);
 */
export async function runFlow(
  flow: Flow,
  nodes: Iterable<AnyNodeDefinition> | NodeRegistry,
  options: RunFlowOptions = {},
): Promise<FlowHarness> {
  const registry = nodes instanceof NodeRegistry ? nodes : new NodeRegistry(nodes);
  const events: RuntimeEvent[] = [];
  const sent = new Map<string, FlowMessage[]>();
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const engine = new FlowEngine({
    flowId: flow.id,
    registry,
    globalContext: options.globalContext ?? new MemoryContextStore(),
    emit(e) {
      events.push(e);
      notify();
    },
    credentials: (id) => options.credentials?.[id],
    env: (name) => options.env?.[name],
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.confinement ? { confinement: options.confinement } : {}),
    ...(options.respond ? { respond: options.respond } : {}),
    ...(options.queueLimits ? { queueLimits: options.queueLimits } : {}),
    ...(options.pressure ? { pressure: options.pressure } : {}),
    observeSend(nodeId, port, msg) {
      const key = `${nodeId}:${port}`;
      let list = sent.get(key);
      if (!list) sent.set(key, (list = []));
      list.push(snapshot(msg));
      notify();
    },
  });
  await engine.start(flow);

  const waitUntil = <T>(check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const first = check();
      if (first !== undefined) return resolve(first);
      const timer = setTimeout(() => {
        waiters.delete(probe);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`));
      }, timeoutMs);
      const probe = () => {
        const v = check();
        if (v === undefined) return;
        clearTimeout(timer);
        waiters.delete(probe);
        resolve(v);
      };
      waiters.add(probe);
    });

  const byNode = <T extends RuntimeEvent>(type: T['type'], nodeId?: string) =>
    events.filter((e): e is T => e.type === type && (nodeId === undefined || ('nodeId' in e && e.nodeId === nodeId)));

  return {
    engine,
    events,
    outputs: (nodeId, port = 0) => sent.get(`${nodeId}:${port}`) ?? [],
    debug: (nodeId) => byNode<DebugEvent>('debug', nodeId),
    errors: (nodeId) => byNode<ErrorEvent>('error', nodeId),
    statuses: (nodeId) => byNode<StatusEvent>('status', nodeId),
    logs: (nodeId) => byNode<LogEvent>('log', nodeId),
    send(nodeId, msg) {
      if (!engine.deliver(nodeId, createMessage(msg))) throw new Error(`node "${nodeId}" is not running`);
    },
    trigger: (nodeId) => engine.trigger(nodeId),
    waitForOutputs(nodeId, count, opts = {}) {
      const key = `${nodeId}:${opts.port ?? 0}`;
      return waitUntil(
        () => {
          const list = sent.get(key);
          return list && list.length >= count ? list.slice(0, count) : undefined;
        },
        opts.timeoutMs ?? 2_000,
        () => `${count} message(s) from ${key}, got ${sent.get(key)?.length ?? 0}`,
      );
    },
    waitForEvent(predicate: (e: RuntimeEvent) => boolean, timeoutMs = 2_000) {
      return waitUntil(
        () => events.find(predicate),
        timeoutMs,
        () => `a matching event among ${events.length}`,
      );
    },
    idle: () => engine.idle(),
    stop: () => engine.stop(true),
  } as FlowHarness;
}

function snapshot(msg: FlowMessage): FlowMessage {
  try {
    return structuredClone(msg);
  } catch {
    return { ...msg };
  }
}
