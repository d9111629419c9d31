import type { RuntimeEvent } from '@millwright/model';
import { FlowEngine } from '@millwright/sdk';
import { createLogger } from '../logging/log-events.js';
import { routeProcessOutput } from '../logging/process-output.js';
import { loadNodeModules } from '../registry/load-node-modules.js';
import type { FlowStartSpec } from './flow-host.js';
import { connectToParent } from './parent-channel.js';
import { ReplicatedContextStore } from './replicated-context.js';
import type { FromWorker, WorkerRequest } from './worker-protocol.js';

// One flow per worker thread or child process. Everything crossing to the host is copied
// (postMessage, or IPC with 'advanced' serialization: the same structured clone).
const port = await connectToParent();
const data = port.data;
// stdout is the runtime's: node-opcua and console output become JSON log lines, as in the main process.
await routeProcessOutput(createLogger().child({ flowId: data.flowId }));
const post = (m: FromWorker): void => port.post(m);

// Events are batched: a debug node at 100k msgs/s must not cost one postMessage per message.
const EVENT_BATCH = 1_000;
const EVENT_FLUSH_MS = 20;
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
const emit = (e: RuntimeEvent): void => {
  pending.push(e);
  if (pending.length >= EVENT_BATCH) flush();
  else flushTimer ??= setTimeout(flush, EVENT_FLUSH_MS);
};

const registry = await loadNodeModules(data.nodeModules);
const global = new ReplicatedContextStore((key, value) => post({ kind: 'global', key, value }));
global.load(data.globalSnapshot);
let credentials: Record<string, Record<string, unknown>> = {};
let remote = new Set<string>();
const engine = new FlowEngine({
  flowId: data.flowId,
  registry,
  emit,
  globalContext: global,
  credentials: (id) => credentials[id],
  env: (name) => process.env[name],
  ...(data.dataDir !== undefined ? { dataDir: data.dataDir } : {}),
  respond: (replyTo, response) => post({ kind: 'respond', replyTo, response }),
  remoteDeliver(nodeId, msg) {
    if (!remote.has(nodeId)) return false;
    post({ kind: 'route', nodeId, msg });
    return true;
  },
});

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'start':
    case 'update': {
      const spec: FlowStartSpec = req.spec;
      credentials = spec.credentials;
      return req.op === 'start'
        ? engine.start(spec.flow, spec.sharedConfigs)
        : engine.update(spec.flow, spec.sharedConfigs);
    }
    case 'trigger':
      return engine.trigger(req.nodeId);
    case 'stats':
      return engine.stats();
    case 'stop':
      await engine.stop(req.removed);
      flush();
      return null;
  }
}

port.onMessage((m) => {
  if ('notice' in m) {
    if (m.notice === 'deliver') engine.deliver(m.nodeId, m.msg);
    else if (m.notice === 'global') global.apply(m.key, m.value);
    else remote = new Set(m.ids);
    return;
  }
  handle(m).then(
    (result) => {
      flush(); // events raised while handling (setup errors, status) arrive before the reply
      post({ kind: 'reply', rid: m.rid, ok: true, result });
    },
    (err: unknown) => {
      flush();
      const e = err as { code?: unknown; message?: unknown };
      post({
        kind: 'reply',
        rid: m.rid,
        ok: false,
        error: { code: typeof e?.code === 'string' ? e.code : 'worker_error', message: String(e?.message ?? err) },
      });
    },
  );
});

post({ kind: 'ready' });
