import {
  sameContent,
  serializeError,
  type ConfigNode,
  type Flow,
  type FlowMessage,
  type FlowNode,
  type NodeStatus,
  type SerializedError,
} from '@millwright/model';
import { z } from 'zod';
import { MemoryContextStore } from '../memory-context.js';
import { copyMessage, createMessage, newMessageId } from '../message-id.js';
import type { FlowServices, FlowSignalSource, NodeContext, NodeOutput, SignalScope } from '../node-context.js';
import { toDebugValue } from '../debug-value.js';
import type { EngineHost, EngineUpdateResult, NodeStats } from './engine-host.js';
import { NodeInstance } from './node-instance.js';
import { ChartThrottle } from './chart-throttle.js';
import { substituteEnv } from './env-substitution.js';

const TRACE_LIMIT = 32;
/** A message bouncing between a failing node and its catch node is dropped after this many rounds. */
const MAX_ERROR_DEPTH = 10;

type ErrorHandler = (error: SerializedError, msg: FlowMessage | undefined, source: FlowSignalSource) => void;
type StatusHandler = (status: NodeStatus | null, source: FlowSignalSource) => void;
interface Subscription<H> {
  owner: string;
  scope: SignalScope;
  handler: H;
}

/**
 * Runs one flow: creates node instances, routes messages along wires, copies on fan-out, sends
 * errors to catch nodes and status to status nodes, and applies deploys node by node.
 *
 * Scheduling: every node has a mailbox; `send` appends to the target mailboxes and a single drain
 * loop delivers them in turns of at most `turnBudget` messages, yielding to I/O with setImmediate
 * between turns. Delivery is never re-entrant, so a long chain cannot overflow the stack, and
 * nodes with `inputBatch` receive all their queued messages at once.
 */
export class FlowEngine {
  private readonly nodes = new Map<string, NodeInstance>();
  private readonly configs = new Map<string, NodeInstance>();
  private ready: NodeInstance[] = [];
  private scheduled = false;
  private errorSubs: Subscription<ErrorHandler>[] = [];
  private statusSubs: Subscription<StatusHandler>[] = [];
  private readonly flowContext = new MemoryContextStore();
  private flow: Flow | null = null;
  private stopped = false;
  private readonly turnBudget: number;
  private readonly closeTimeoutMs: number;

  constructor(private readonly host: EngineHost) {
    this.turnBudget = host.turnBudget ?? 20_000;
    this.closeTimeoutMs = host.closeTimeoutMs ?? 5_000;
  }

  get flowId(): string {
    return this.host.flowId;
  }

  /** Starts a flow. `sharedConfigs` are config nodes defined in other flows of the deployment. */
  async start(flow: Flow, sharedConfigs: ConfigNode[] = []): Promise<EngineUpdateResult> {
    return this.update(flow, sharedConfigs);
  }

  /**
   * Applies a new version of the flow in place ("modified nodes" deploy). Nodes whose type,
   * version, name or config changed, or whose config node changed, are closed and set up again;
   * the others keep their state, timers and connections. Wires are always rebuilt.
   */
  async update(flow: Flow, sharedConfigs: ConfigNode[] = []): Promise<EngineUpdateResult> {
    if (this.stopped) throw new Error('engine is stopped');
    const result: EngineUpdateResult = { started: [], restarted: [], stopped: [], rewired: true };
    const disabled = flow.disabled === true;
    const wantedConfigs = new Map<string, ConfigNode>();
    for (const c of [...sharedConfigs, ...(flow.configs ?? [])]) wantedConfigs.set(c.id, c);
    const wantedNodes = new Map<string, FlowNode>();
    if (!disabled) for (const n of flow.nodes) if (!n.disabled) wantedNodes.set(n.id, n);

    // Config nodes first: a changed config node restarts every node that uses it.
    const changedConfigs = new Set<string>();
    for (const [id, inst] of this.configs) {
      const next = wantedConfigs.get(id);
      if (!next || !sameNode(inst.node, next)) {
        changedConfigs.add(id);
        await this.closeInstance(inst, !next);
        this.configs.delete(id);
      }
    }
    const toClose: NodeInstance[] = [];
    for (const [id, inst] of this.nodes) {
      const next = wantedNodes.get(id);
      if (!next) {
        toClose.push(inst);
        result.stopped.push(id);
      } else if (!sameNode(inst.node, next) || usesAny(next, changedConfigs, this.host)) {
        toClose.push(inst);
        result.restarted.push(id);
      }
    }
    const carried = new Map<string, FlowMessage[]>();
    for (const inst of toClose) {
      this.unsubscribe(inst.id);
      await this.closeInstance(inst, !wantedNodes.has(inst.id));
      this.nodes.delete(inst.id);
      // Messages already queued for a restarted node go to its new instance.
      if (wantedNodes.has(inst.id) && inst.mailbox.length) carried.set(inst.id, inst.mailbox);
      inst.mailbox = [];
    }

    const newConfigs: NodeInstance[] = [];
    for (const [id, c] of wantedConfigs) {
      if (this.configs.has(id)) continue;
      const def = this.host.registry.definition(c.type);
      if (!def) continue; // validation reports unknown types; a missing config node surfaces in its users
      const inst = new NodeInstance(c, def, true);
      this.configs.set(id, inst);
      newConfigs.push(inst);
    }
    await Promise.all(newConfigs.map((i) => this.setupInstance(i)));

    const newNodes: NodeInstance[] = [];
    for (const [id, n] of wantedNodes) {
      if (this.nodes.has(id)) continue;
      const def = this.host.registry.definition(n.type);
      const inst = new NodeInstance(n, def ?? missingDefinition(n.type), false);
      const queued = carried.get(id);
      if (queued) inst.mailbox = queued;
      this.nodes.set(id, inst);
      newNodes.push(inst);
      if (!result.restarted.includes(id)) result.started.push(id);
    }
    this.flow = flow;
    this.rewire(flow);
    await Promise.all(newNodes.map((i) => this.setupInstance(i)));
    for (const i of newNodes) if (i.mailbox.length) this.markReady(i);
    return result;
  }

  /** Closes every node. `removed` tells nodes the flow is gone for good (not a restart). */
  async stop(removed = false): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const inst of this.nodes.values()) await this.closeInstance(inst, removed);
    for (const inst of this.configs.values()) await this.closeInstance(inst, removed);
    this.nodes.clear();
    this.configs.clear();
    this.ready = [];
    this.errorSubs = [];
    this.statusSubs = [];
  }

  /** Triggers a source node (inject button, POST /api/inject/:id). */
  async trigger(nodeId: string): Promise<void> {
    const inst = this.nodes.get(nodeId);
    if (!inst)
      throw Object.assign(new Error(`node "${nodeId}" is not running in flow "${this.flowId}"`), {
        code: 'node_not_found',
      });
    if (!inst.handlers?.trigger)
      throw Object.assign(new Error(`node "${nodeId}" (${inst.def.type}) cannot be triggered`), {
        code: 'not_triggerable',
      });
    try {
      await inst.handlers.trigger();
    } catch (err) {
      this.raise(inst, err, undefined);
    }
  }

  /** Puts a message on a node's input from outside the flow (link from another flow, test harness). */
  deliver(nodeId: string, msg: FlowMessage): boolean {
    const inst = this.nodes.get(nodeId);
    if (!inst) return false;
    this.enqueue(inst, msg.id ? msg : { ...msg, id: newMessageId() });
    return true;
  }

  hasNode(nodeId: string): boolean {
    return this.nodes.has(nodeId);
  }

  /** Message counters per node. */
  stats(): Record<string, NodeStats> {
    const out: Record<string, NodeStats> = {};
    for (const [id, inst] of this.nodes) out[id] = { ...inst.stats };
    return out;
  }

  /** Number of messages waiting in mailboxes (backlog). */
  backlog(): number {
    let n = 0;
    for (const inst of this.nodes.values()) n += inst.mailbox.length;
    return n;
  }

  /** Resolves once every mailbox is empty. For tests and graceful shutdown. */
  async idle(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.scheduled || this.backlog() > 0) {
      if (Date.now() > deadline) throw new Error(`flow "${this.flowId}" still has ${this.backlog()} queued messages`);
      await new Promise((r) => setImmediate(r));
    }
  }

  // ---- wiring and scheduling -------------------------------------------------------------

  private rewire(flow: Flow): void {
    for (const inst of this.nodes.values()) inst.outs = [];
    for (const w of flow.wires) {
      const from = this.nodes.get(w.from.node);
      const to = this.nodes.get(w.to.node);
      if (!from || !to) continue; // disabled or missing node: the wire is inert
      const port = (from.outs[w.from.port] ??= []);
      if (!port.includes(to)) port.push(to);
    }
  }

  private enqueue(target: NodeInstance, msg: FlowMessage): void {
    if (target.closed) return;
    target.mailbox.push(msg);
    if (!target.queued && target.ready) this.markReady(target);
  }

  private markReady(inst: NodeInstance): void {
    if (inst.queued) return;
    inst.queued = true;
    this.ready.push(inst);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
  }

  private readonly drain = (): void => {
    this.scheduled = false;
    let budget = this.turnBudget;
    while (this.ready.length && budget > 0) {
      const turn = this.ready;
      this.ready = [];
      for (const inst of turn) {
        inst.queued = false;
        if (inst.closed || !inst.mailbox.length) continue;
        const msgs = inst.mailbox;
        inst.mailbox = [];
        budget -= msgs.length;
        this.dispatch(inst, msgs);
      }
    }
    if (this.ready.length && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
  };

  private dispatch(inst: NodeInstance, msgs: FlowMessage[]): void {
    inst.stats.received += msgs.length;
    const h = inst.handlers;
    if (inst.failed || !h) {
      for (const m of msgs) this.raise(inst, inst.failed ?? new Error('node is not running'), m);
      return;
    }
    if (h.inputBatch) {
      try {
        const r = h.inputBatch(msgs);
        if (r && typeof (r as Promise<void>).then === 'function')
          (r as Promise<void>).then(undefined, (err: unknown) => this.raise(inst, err, undefined));
      } catch (err) {
        this.raise(inst, err, undefined);
      }
      return;
    }
    const input = h.input;
    if (!input) return;
    for (const m of msgs) {
      try {
        const r = input(m);
        if (r && typeof (r as Promise<void>).then === 'function')
          (r as Promise<void>).then(undefined, (err: unknown) => this.raise(inst, err, m));
      } catch (err) {
        this.raise(inst, err, m);
      }
    }
  }

  private send(from: NodeInstance, output: NodeOutput): void {
    if (output === null || output === undefined || from.closed) return;
    if (!Array.isArray(output)) {
      this.sendPort(from, 0, output as FlowMessage, null);
      return;
    }
    // Several ports: the same object sent twice must not be shared between receivers.
    const sent = output.length > 1 ? new Set<FlowMessage>() : null;
    for (let port = 0; port < output.length; port++) {
      const item = output[port];
      if (item === null || item === undefined) continue;
      if (Array.isArray(item)) for (const m of item as FlowMessage[]) this.sendPort(from, port, m, sent);
      else this.sendPort(from, port, item as FlowMessage, sent);
    }
  }

  private sendPort(from: NodeInstance, port: number, msg: FlowMessage, sent: Set<FlowMessage> | null): void {
    if (msg === null || msg === undefined) return;
    if (typeof msg !== 'object') {
      this.raise(
        from,
        Object.assign(new Error(`sent a ${typeof msg} instead of a message object`), { code: 'invalid_message' }),
        undefined,
      );
      return;
    }
    try {
      if (sent) {
        if (sent.has(msg)) msg = copyMessage(msg);
        sent.add(msg);
      }
      if (typeof msg.id !== 'string') msg.id = newMessageId();
      this.host.observeSend?.(from.id, port, msg);
      const targets = from.outs[port];
      if (!targets || targets.length === 0) return;
      const trace = msg.trace;
      if (Array.isArray(trace)) {
        trace.push(from.id);
        if (trace.length > TRACE_LIMIT) trace.splice(0, trace.length - TRACE_LIMIT);
      } else msg.trace = [from.id];
      from.stats.sent += targets.length;
      if (targets.length === 1) {
        this.enqueue(targets[0] as NodeInstance, msg);
        return;
      }
      // Copies are made before any receiver runs, so no receiver sees another's changes.
      const copies = targets.slice(1).map(() => copyMessage(msg));
      this.enqueue(targets[0] as NodeInstance, msg);
      copies.forEach((c, i) => this.enqueue(targets[i + 1] as NodeInstance, c));
    } catch (err) {
      this.raise(
        from,
        Object.assign(new Error(`message could not be copied: ${(err as Error).message}`), {
          code: 'uncloneable_message',
        }),
        undefined,
      );
    }
  }

  // ---- errors and status -----------------------------------------------------------------

  /** Reports an error raised by `inst` while handling `msg`: catch nodes first, then the event bus. */
  private raise(inst: NodeInstance, err: unknown, msg: FlowMessage | undefined): void {
    inst.stats.errors++;
    const error = serializeError(err);
    error.nodeId = inst.id;
    error.nodeType = inst.def.type;
    if (inst.node.name) error.nodeName = inst.node.name;
    const depth = (msg?.error as (SerializedError & { depth?: number }) | undefined)?.depth ?? 0;
    let caught = false;
    if (depth < MAX_ERROR_DEPTH && !inst.isConfig) {
      const source: FlowSignalSource = {
        id: inst.id,
        type: inst.def.type,
        ...(inst.node.name ? { name: inst.node.name } : {}),
      };
      let targets = this.errorSubs.filter(
        (s) => !s.scope.uncaughtOnly && inScope(s.scope, inst.id) && s.owner !== inst.id,
      );
      if (!targets.length)
        targets = this.errorSubs.filter(
          (s) => s.scope.uncaughtOnly && inScope(s.scope, inst.id) && s.owner !== inst.id,
        );
      for (const sub of targets) {
        caught = true;
        try {
          let copy: FlowMessage;
          try {
            copy = msg ? copyMessage(msg) : createMessage();
          } catch {
            copy = createMessage({ payload: msg?.payload === undefined ? undefined : String(msg.payload) });
          }
          copy.error = { ...error, depth: depth + 1 } as SerializedError;
          sub.handler(copy.error, copy, source);
        } catch (handlerErr) {
          this.host.emit({
            type: 'log',
            time: Date.now(),
            level: 'error',
            flowId: this.flowId,
            nodeId: sub.owner,
            message: `catch handler failed: ${String(handlerErr)}`,
          });
        }
      }
    }
    this.host.emit({
      type: 'error',
      time: Date.now(),
      flowId: this.flowId,
      nodeId: inst.id,
      nodeType: inst.def.type,
      ...(inst.node.name ? { nodeName: inst.node.name } : {}),
      ...(msg ? { msgId: msg.id } : {}),
      error,
      caught,
    });
  }

  private setStatus(inst: NodeInstance, status: NodeStatus | null): void {
    this.host.emit({ type: 'status', time: Date.now(), flowId: this.flowId, nodeId: inst.id, status });
    const source: FlowSignalSource = {
      id: inst.id,
      type: inst.def.type,
      ...(inst.node.name ? { name: inst.node.name } : {}),
    };
    for (const sub of this.statusSubs) {
      if (sub.owner === inst.id || !inScope(sub.scope, inst.id)) continue;
      try {
        sub.handler(status, source);
      } catch {
        // a status node must never break the node reporting status
      }
    }
  }

  private unsubscribe(owner: string): void {
    this.errorSubs = this.errorSubs.filter((s) => s.owner !== owner);
    this.statusSubs = this.statusSubs.filter((s) => s.owner !== owner);
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  private async setupInstance(inst: NodeInstance): Promise<void> {
    const parsed = inst.def.config.safeParse(substituteEnv(inst.node.config, (name) => this.host.env?.(name)));
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      inst.failed = serializeError({
        code: 'invalid_config',
        message: `invalid config${first ? ` at ${first.path.join('.') || '(root)'}: ${first.message}` : ''}`,
      });
      this.setStatus(inst, { fill: 'red', shape: 'ring', text: 'invalid config' });
      this.raise(inst, inst.failed, undefined);
      return;
    }
    try {
      const handlers = await inst.def.setup(this.contextFor(inst, parsed.data as Record<string, unknown>));
      if (inst.closed) {
        await handlers.close?.(true);
        return;
      }
      inst.handlers = handlers;
    } catch (err) {
      inst.failed = serializeError(err, 'setup_failed');
      this.setStatus(inst, { fill: 'red', shape: 'ring', text: 'failed to start' });
      this.raise(inst, err, undefined);
    }
  }

  private async closeInstance(inst: NodeInstance, removed: boolean): Promise<void> {
    if (inst.closed) return;
    inst.closed = true;
    inst.chart?.flush();
    const close = inst.handlers?.close;
    if (!close) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(() => close.call(inst.handlers, removed)),
        new Promise<void>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`close() did not finish within ${this.closeTimeoutMs} ms`)),
            this.closeTimeoutMs,
          );
        }),
      ]);
    } catch (err) {
      this.host.emit({
        type: 'log',
        time: Date.now(),
        level: 'warn',
        flowId: this.flowId,
        nodeId: inst.id,
        message: `close failed: ${String((err as Error)?.message ?? err)}`,
      });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private contextFor(inst: NodeInstance, config: Record<string, unknown>): NodeContext {
    const host = this.host;
    const flowId = this.flowId;
    const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) =>
      host.emit({ type: 'log', time: Date.now(), level, flowId, nodeId: inst.id, message: String(message) });
    const services: FlowServices = {
      onError: (scope, handler) => this.errorSubs.push({ owner: inst.id, scope, handler: handler as ErrorHandler }),
      onStatus: (scope, handler) => this.statusSubs.push({ owner: inst.id, scope, handler }),
      deliverTo: (nodeId, msg) => {
        const local = this.nodes.get(nodeId);
        if (local) this.enqueue(local, msg);
        else if (!host.remoteDeliver?.(nodeId, msg))
          this.raise(
            inst,
            Object.assign(new Error(`link target "${nodeId}" is not deployed`), { code: 'link_target_missing' }),
            msg,
          );
      },
    };
    return {
      id: inst.id,
      type: inst.def.type,
      name: inst.node.name ?? '',
      flowId,
      config,
      credentials: host.credentials?.(inst.id) ?? {},
      log: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      context: { node: inst.nodeContext, flow: this.flowContext, global: host.globalContext },
      flow: services,
      send: (output) => this.send(inst, output),
      error: (err, msg) => this.raise(inst, err, msg),
      status: (status) => this.setStatus(inst, status),
      debug: ({ value, property, msg }) => {
        const shown = toDebugValue(value);
        host.emit({
          type: 'debug',
          time: Date.now(),
          flowId,
          nodeId: inst.id,
          ...(inst.node.name ? { nodeName: inst.node.name } : {}),
          msgId: msg.id,
          ...(typeof msg.topic === 'string' ? { topic: msg.topic } : {}),
          property,
          value: shown.value,
          ...(shown.truncated ? { truncated: true } : {}),
        });
      },
      chart: (payload) => {
        if (inst.closed) return; // a closed node's throttle timer would outlive it
        inst.chart ??= new ChartThrottle({
          emit: (p, time) => host.emit({ type: 'chart', time, flowId, nodeId: inst.id, ...p }),
        });
        inst.chart.push(payload);
      },
      newMessage: (fields) => createMessage(fields),
      configNode: <T>(id: string) => this.configs.get(id)?.handlers?.api as T | undefined,
      env: (name) => host.env?.(name),
      ...(host.dataDir !== undefined ? { dataDir: host.dataDir } : {}),
      ...(host.respond ? { respond: (replyTo: string, response: unknown) => host.respond?.(replyTo, response) } : {}),
    };
  }
}

function sameNode(a: FlowNode | ConfigNode, b: FlowNode | ConfigNode): boolean {
  // Moving a node on the canvas is not a change that should restart it.
  const strip = (n: FlowNode | ConfigNode) => ({
    type: n.type,
    typeVersion: n.typeVersion,
    name: n.name ?? '',
    config: n.config,
    disabled: 'disabled' in n ? n.disabled === true : false,
  });
  return sameContent(strip(a), strip(b));
}

function usesAny(n: FlowNode, configIds: ReadonlySet<string>, host: EngineHost): boolean {
  if (!configIds.size) return false;
  const info = host.registry.get(n.type);
  return !!info?.configRefs.some((r) => configIds.has(String(n.config[r.key])));
}

function inScope(scope: SignalScope, nodeId: string): boolean {
  return !scope.nodes || scope.nodes.length === 0 || scope.nodes.includes(nodeId);
}

function missingDefinition(type: string): NodeInstance['def'] {
  return {
    type,
    category: 'unknown',
    version: 1,
    description: '',
    inputs: 1,
    outputs: [],
    config: z.record(z.string(), z.unknown()),
    setup() {
      throw Object.assign(new Error(`node type "${type}" is not installed`), { code: 'unknown_type' });
    },
  };
}
