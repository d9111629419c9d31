import { serializeError, type FlowMessage, type RuntimeEvent } from '@millwright/model';
import { attachReceipt, FlowEngine, newReceipt, releaseReceipt, type QueueReplica } from '@millwright/sdk';
import { loadNodeModules } from '../registry/load-node-modules.js';
import type { FlowStartSpec } from './flow-host.js';
import type { ParentChannel } from './parent-channel.js';
import { queueError, queueReplicaClient, type QueueAnswer, type QueueCall } from './queue-replica-client.js';
import { DEFAULT_FLOW_LIMITS } from './flow-limits.js';
import { NodeEventLimiter } from './node-event-limiter.js';
import { ReplicatedContextStore } from './replicated-context.js';
import type { FromWorker, WorkerRequest } from './worker-protocol.js';

// Events are batched: a debug node at 100k msgs/s must not cost one message to the host per message.
const EVENT_BATCH = 1_000;
const EVENT_FLUSH_MS = 20;

/** A running flow slot; `close` stops its engine without an answer (its host is going away). */
export interface FlowSlot {
  close(): Promise<void>;
}

/**
 * Runs one flow behind a channel to its host: a worker thread or child process of its own
 * (worker-entry), or one of many slots of a shared host process (pool-entry). Everything crossing
 * the channel is copied (postMessage, or IPC with 'advanced' serialization: the same structured clone).
 */
export async function runFlowSlot(port: ParentChannel): Promise<FlowSlot> {
  const data = port.data;
  const limits = { ...DEFAULT_FLOW_LIMITS, ...data.limits };
  const global = new ReplicatedContextStore(
    (key, value, bytes) => port.post({ kind: 'global', key, value, bytes }),
    limits,
  );
  global.load(data.globalSnapshot, data.globalOwned);
  // Global changes of this turn go out before anything else the flow sends, so order is kept.
  const post = (m: FromWorker): void => {
    global.flush();
    port.post(m);
  };

  let pending: RuntimeEvent[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (!pending.length) return;
    const events = pending;
    pending = [];
    post({ kind: 'events', events });
  };
  // Node output over its limits stops here, before it crosses to the main process.
  const limiter = new NodeEventLimiter(
    data.flowId,
    (e) => {
      pending.push(e);
      if (pending.length >= EVENT_BATCH) flush();
      else flushTimer ??= setTimeout(flush, EVENT_FLUSH_MS);
    },
    limits,
  );
  const emit = (e: RuntimeEvent): void => limiter.send(e);

  // Only the node modules this flow uses: a host imports a node family on first use.
  const registry = await loadNodeModules(data.nodeModules);
  let credentials: Record<string, Record<string, unknown>> = {};
  // Cluster mode, a flow that runs exactly once: its store-and-forward queues live in the cluster,
  // reached through the runtime (one request per journal write, answered by `queue-done`).
  let replicateQueues = false;
  const queueCalls = new Map<number, { resolve(answer: QueueAnswer): void; reject(err: Error): void }>();
  let nextQueueCall = 1;
  const queueCall = (nodeId: string, call: QueueCall) =>
    new Promise<QueueAnswer>((resolve, reject) => {
      const qid = nextQueueCall++;
      queueCalls.set(qid, { resolve, reject });
      post({ kind: 'queue', qid, nodeId, call });
    });
  /** The flow stopped: calls still unanswered never will be (the channel closes), so they fail now. */
  const abandonQueueCalls = (): void => {
    for (const call of queueCalls.values()) call.reject(new Error('the flow stopped before the cluster answered'));
    queueCalls.clear();
  };
  const queueReplica = (nodeId: string): QueueReplica | undefined =>
    replicateQueues ? queueReplicaClient((call) => queueCall(nodeId, call)) : undefined;
  let remote = new Set<string>();
  // Link messages sent to other flows, waiting for the runtime to journal them (their take receipts held).
  const awaitingAccept = new Map<number, () => void>();
  let nextAccept = 1;
  // Link messages delivered here and taken by the flow, reported in one batch per turn.
  let taken: string[] = [];
  const reportTaken = (): void => {
    const links = taken;
    taken = [];
    if (links.length) post({ kind: 'link-taken', links });
  };
  const deliver = (nodeId: string, msg: FlowMessage, link: string | undefined): void => {
    if (link === undefined) {
      engine.deliver(nodeId, msg);
      return;
    }
    const receipt = newReceipt(() => {
      if (taken.push(link) === 1) setImmediate(reportTaken);
    });
    engine.deliver(nodeId, attachReceipt(msg, receipt));
    releaseReceipt(receipt);
  };
  const engine = new FlowEngine({
    flowId: data.flowId,
    registry,
    emit,
    globalContext: global,
    credentials: (id) => credentials[id],
    env: (name) => process.env[name],
    ...(data.dataDir !== undefined ? { dataDir: data.dataDir } : {}),
    ...(data.confinement ? { confinement: data.confinement } : {}),
    queueReplica,
    ...(data.queueLimits ? { queueLimits: data.queueLimits } : {}),
    pressure: (high, queued) => post({ kind: 'pressure', high, queued }),
    respond: (replyTo, response) => post({ kind: 'respond', replyTo, response }),
    remoteDeliver(nodeId, msg, accepted) {
      if (!remote.has(nodeId)) return false;
      if (!accepted) {
        post({ kind: 'route', nodeId, msg });
        return true;
      }
      const accept = nextAccept++;
      awaitingAccept.set(accept, accepted);
      post({ kind: 'route', nodeId, msg, accept });
      return true;
    },
  });

  async function handle(req: WorkerRequest): Promise<unknown> {
    switch (req.op) {
      case 'start':
      case 'update': {
        const spec: FlowStartSpec = req.spec;
        credentials = spec.credentials;
        replicateQueues = spec.replicateQueues === true;
        return req.op === 'start'
          ? engine.start(spec.flow, spec.sharedConfigs)
          : engine.update(spec.flow, spec.sharedConfigs);
      }
      case 'trigger':
        return engine.trigger(req.nodeId);
      case 'stats':
        return engine.stats();
      case 'context':
        return engine.contextView(req.nodeId) ?? null;
      case 'context-delete':
        return engine.deleteContext(req.nodeId, req.key);
      case 'stop':
        await engine.stop(req.removed);
        abandonQueueCalls();
        limiter.close();
        flush();
        return null;
    }
  }

  port.onMessage((m) => {
    if ('notice' in m) {
      if (m.notice === 'deliver') deliver(m.nodeId, m.msg, m.link);
      else if (m.notice === 'route-accepted')
        for (const id of m.accepts) {
          awaitingAccept.get(id)?.();
          awaitingAccept.delete(id);
        }
      else if (m.notice === 'global') global.apply(m.key, m.value);
      else if (m.notice === 'queue-done') {
        const call = queueCalls.get(m.qid);
        queueCalls.delete(m.qid);
        if (m.ok) call?.resolve(m.answer);
        else call?.reject(queueError(m.error, m.conflict));
      } else remote = new Set(m.ids);
      return;
    }
    handle(m).then(
      (result) => {
        flush(); // events raised while handling (setup errors, status) arrive before the reply
        post({ kind: 'reply', rid: m.rid, ok: true, result });
      },
      (err: unknown) => {
        flush();
        // Code, kind and retryability cross with the error. A throw without a code is an engine
        // fault: it stays `unexpected`, never blamed on the user.
        const { stack: _stack, ...error } = serializeError(err, 'worker_error');
        const typed = typeof err === 'object' && err !== null && 'kind' in err;
        if (!typed && error.code === 'worker_error') Object.assign(error, { kind: 'unexpected', retryable: false });
        post({ kind: 'reply', rid: m.rid, ok: false, error });
      },
    );
  });

  post({ kind: 'ready' });
  return {
    async close() {
      await engine.stop(false).catch(() => undefined);
      abandonQueueCalls();
      limiter.close();
      if (flushTimer) clearTimeout(flushTimer);
    },
  };
}
