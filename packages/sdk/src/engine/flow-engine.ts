import {
  OperationalError,
  serializeError,
  UserError,
  type ConfigNode,
  type Flow,
  type ContextScopeView,
  type FlowMessage,
} from '@millwright/model';
import { z } from 'zod';
import { copyMessage, newMessageId } from '../message-id.js';
import { viewContext } from '../context-view.js';
import type { ContextStore, NodeContext, NodeOutput } from '../node-context.js';
import type { EngineHost, EngineUpdateResult, NodeFault, NodeStats } from './engine-host.js';
import { NodeInstance } from './node-instance.js';
import { nodeEnv, substituteEnv } from './env-substitution.js';
import { planNodeUpdate, wantedConfigs, wantedNodes, type DeployedFlow, type NodeUpdatePlan } from './deploy-plan.js';
import { SignalBus } from './signal-bus.js';
import { createNodeContextFactory } from './node-context-factory.js';
import { DEFAULT_QUEUE_LIMITS, FlowPressure, type QueueLimits } from './flow-pressure.js';
import { FlowContextStorage } from './flow-context-storage.js';
import { openFlowContext, reportContextError } from './open-flow-context.js';
import { holdOnEnqueue, receiptOf, releaseReceipt, shareReceipt, withReceipt, type Receipt } from './take-receipt.js';

const TRACE_LIMIT = 32;

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
  /** What runs now: the last deploy applied. */
  private deployed: DeployedFlow | null = null;
  private stopped = false;
  private stopping: Promise<void> | undefined;
  private readonly turnBudget: number;
  private readonly closeTimeoutMs: number;
  private readonly limits: QueueLimits;
  private readonly pressure: FlowPressure;
  private recheck: NodeJS.Timeout | undefined;
  /** Messages in mailboxes, and held by nodes, at the last count; mailboxes counted up on each send. */
  private mailboxed = 0;
  private held = 0;
  /** Handler calls whose promise has not settled (async work under way: a request, a write). */
  private running = 0;
  /**
   * Messages sent to a node while a deploy replaces it (its old instance closing): they go to the
   * new instance, after what its old mailbox held.
   */
  private readonly carryover = new Map<string, FlowMessage[]>();
  private readonly signals: SignalBus;
  private readonly contextFor: (inst: NodeInstance, config: Record<string, unknown>) => NodeContext;
  /** Node and flow context; persistent when the flow asks for it (`Flow.context`). */
  private readonly context = new FlowContextStorage();

  constructor(private readonly host: EngineHost) {
    this.turnBudget = host.turnBudget ?? 20_000;
    this.closeTimeoutMs = host.closeTimeoutMs ?? 5_000;
    this.limits = { ...DEFAULT_QUEUE_LIMITS, ...host.queueLimits };
    this.pressure = new FlowPressure(this.limits.highWater, (high, queued) => {
      // While paused, what nodes hold drains without new sends: look again until it is under.
      if (high) this.recheck ??= setInterval(() => this.pressure.update(this.queued()), PRESSURE_RECHECK_MS).unref();
      else if (this.recheck) {
        clearInterval(this.recheck);
        this.recheck = undefined;
      }
      host.pressure?.(high, queued);
    });
    this.signals = new SignalBus(host, (id) => this.nodes.has(id));
    this.contextFor = createNodeContextFactory({
      host,
      flowContext: this.context.flow,
      // A persistent node context is kept per node id, so it outlives the node's restarts too.
      nodeContext: (inst) => (this.context.persistent ? this.context.node(inst.id) : inst.nodeContext),
      signals: this.signals,
      send: (from, output) => this.send(from, output),
      deliverLocal: (nodeId, msg) => {
        const local = this.nodes.get(nodeId);
        if (local) this.enqueue(local, msg);
        return local !== undefined;
      },
      findLocal: (idOrName, type) => {
        if (this.nodes.get(idOrName)?.def.type === type) return idOrName;
        for (const [id, inst] of this.nodes) if (inst.def.type === type && inst.node.name === idOrName) return id;
        return undefined;
      },
      configApi: (id) => this.configs.get(id)?.handlers?.api,
      pressure: this.pressure,
    });
  }

  get flowId(): string {
    return this.host.flowId;
  }

  /** Starts a flow. `sharedConfigs` are config nodes defined in other flows of the deployment. */
  async start(flow: Flow, sharedConfigs: ConfigNode[] = []): Promise<EngineUpdateResult> {
    // The stored context is loaded before any node starts; a later deploy does not change the store.
    if (!this.deployed) await openFlowContext(this.context, flow, this.host);
    return this.update(flow, sharedConfigs);
  }

  /**
   * Applies a new version of the flow in place ("modified nodes" deploy), as planned by
   * `planNodeUpdate`: nodes whose type, version, name or config changed, or whose config node
   * changed, are closed and set up again; the others keep their state, timers and connections.
   * Wires are always rebuilt. Messages queued for a restarted node go to its new instance.
   */
  async update(flow: Flow, sharedConfigs: ConfigNode[] = []): Promise<EngineUpdateResult> {
    if (this.stopped) throw new Error('engine is stopped');
    const after: DeployedFlow = { flow, sharedConfigs };
    const plan = planNodeUpdate({ before: this.deployed, after, catalog: this.host.registry });
    this.deployed = after;
    return this.apply(plan, after);
  }

  /** Closes, then starts, what the plan says; closes and results follow the running instances' order. */
  private async apply(plan: NodeUpdatePlan, after: DeployedFlow): Promise<EngineUpdateResult> {
    const result: EngineUpdateResult = { started: [], restarted: [], stopped: [], rewired: true, faults: [] };
    const restartConfigs = new Set(plan.configs.restart);
    const removeConfigs = new Set(plan.configs.remove);
    const restart = new Set(plan.restart);
    const remove = new Set(plan.remove);

    // Config nodes first, then the nodes (a changed config node restarts the nodes using it).
    for (const [id, inst] of this.configs) {
      if (!restartConfigs.has(id) && !removeConfigs.has(id)) continue;
      await this.closeInstance(inst, removeConfigs.has(id));
      this.configs.delete(id);
    }
    const toClose: NodeInstance[] = [];
    for (const [id, inst] of this.nodes) {
      if (remove.has(id)) result.stopped.push(id);
      else if (restart.has(id)) {
        result.restarted.push(id);
        this.carryover.set(id, []);
      } else continue;
      toClose.push(inst);
    }
    const carried = new Map<string, FlowMessage[]>();
    for (const inst of toClose) {
      this.signals.unsubscribe(inst.id);
      await this.closeInstance(inst, remove.has(inst.id));
      this.nodes.delete(inst.id);
      // Messages already queued for a restarted node go to its new instance; a removed node's are
      // dropped by the deploy, which also settles their sources' receipts.
      if (restart.has(inst.id) && inst.mailbox.length) carried.set(inst.id, inst.mailbox);
      else releaseAll(inst.mailbox);
      inst.mailbox = [];
    }

    const startConfigs = new Set([...plan.configs.add, ...restartConfigs]);
    const newConfigs: NodeInstance[] = [];
    for (const [id, c] of wantedConfigs(after)) {
      if (!startConfigs.has(id)) continue;
      const def = this.host.registry.definition(c.type);
      if (!def) continue; // validation reports unknown types; a missing config node surfaces in its users
      const inst = new NodeInstance(c, def, true);
      this.configs.set(id, inst);
      newConfigs.push(inst);
    }
    await Promise.all(newConfigs.map((i) => this.setupInstance(i)));

    const startNodes = new Set([...plan.add, ...restart]);
    const added = new Set(plan.add);
    const newNodes: NodeInstance[] = [];
    for (const [id, n] of wantedNodes(after)) {
      if (!startNodes.has(id)) continue;
      const def = this.host.registry.definition(n.type);
      const inst = new NodeInstance(n, def ?? missingDefinition(n.type), false);
      const queued = [...(carried.get(id) ?? []), ...(this.carryover.get(id) ?? [])];
      this.carryover.delete(id);
      if (queued.length) {
        inst.mailbox = queued;
        inst.mailboxSince = Date.now();
      }
      this.nodes.set(id, inst);
      newNodes.push(inst);
      if (added.has(id)) result.started.push(id);
    }
    this.rewire(after.flow);
    await Promise.all(newNodes.map((i) => this.setupInstance(i)));
    for (const i of newNodes) if (i.mailbox.length) this.markReady(i);
    result.faults = this.faults();
    return result;
  }

  /** Nodes (and config nodes) of this flow that failed to start, e.g. for /healthz. */
  faults(): NodeFault[] {
    return [...this.configs.values(), ...this.nodes.values()].flatMap((i) =>
      i.failed ? [{ nodeId: i.id, type: i.node.type, code: i.failed.code, message: i.failed.message }] : [],
    );
  }

  /** Closes every node. `removed` tells nodes the flow is gone for good (not a restart). */
  /** Stops every node; a second call waits for the first to finish, so "stopped" means closed. */
  stop(removed = false): Promise<void> {
    this.stopping ??= this.closeAll(removed);
    return this.stopping;
  }

  private async closeAll(removed: boolean): Promise<void> {
    // Messages already in mailboxes, and those nodes are working on (async code, a delay), are
    // finished before the nodes close (a redeploy or restart must not eat them), within a bound so
    // a flooding source or a long delay cannot hold the stop up.
    const deadline = Date.now() + STOP_DRAIN_MS;
    while ((this.scheduled || this.queued() > 0 || this.running > 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, this.scheduled || this.backlog() > 0 ? 0 : 5));
    this.stopped = true;
    if (this.recheck) clearInterval(this.recheck);
    this.pressure.release();
    for (const inst of this.nodes.values()) await this.closeInstance(inst, removed);
    for (const inst of this.configs.values()) await this.closeInstance(inst, removed);
    // After the nodes' close(), which may still set context; a failed write is reported by the store.
    await this.context.close().catch((err: unknown) => reportContextError(this.host, err));
    this.nodes.clear();
    this.configs.clear();
    this.ready = [];
    this.signals.clear();
  }

  /** Triggers a source node (inject button, POST /api/inject/:id). */
  async trigger(nodeId: string): Promise<void> {
    const inst = this.nodes.get(nodeId);
    if (!inst) throw new UserError('node_not_found', `node "${nodeId}" is not running in flow "${this.flowId}"`);
    if (!inst.handlers?.trigger)
      throw new UserError('not_triggerable', `node "${nodeId}" (${inst.def.type}) cannot be triggered`);
    try {
      await inst.handlers.trigger();
    } catch (err) {
      this.signals.error(inst, err, undefined);
    }
  }

  /** Puts a message on a node's input from outside the flow (link from another flow, test harness). */
  deliver(nodeId: string, msg: FlowMessage): boolean {
    const inst = this.nodes.get(nodeId);
    if (!inst) return false;
    this.enqueue(inst, msg.id ? msg : { ...msg, id: newMessageId() });
    return true;
  }

  /**
   * The flow's context (no `nodeId`) or a node's, for the editor's context viewer (bounded, values
   * cut); undefined when the flow has no such node.
   */
  contextView(nodeId?: string): ContextScopeView | undefined {
    if (nodeId === undefined) return viewContext('flow', entriesOf(this.context.flow));
    const inst = this.nodes.get(nodeId) ?? this.configs.get(nodeId);
    if (!inst) return undefined;
    return viewContext('node', entriesOf(this.context.persistent ? this.context.node(nodeId) : inst.nodeContext));
  }

  /** Deletes a key of the flow's context or a node's (the context viewer); false when the flow has no such node. */
  deleteContext(nodeId: string | undefined, key: string): boolean {
    if (nodeId === undefined) {
      this.context.flow.delete(key);
      return true;
    }
    const inst = this.nodes.get(nodeId) ?? this.configs.get(nodeId);
    if (!inst) return false;
    (this.context.persistent ? this.context.node(nodeId) : inst.nodeContext).delete(key);
    return true;
  }

  hasNode(nodeId: string): boolean {
    return this.nodes.has(nodeId);
  }

  /** Message counters per node. */
  stats(): Record<string, NodeStats> {
    const out: Record<string, NodeStats> = {};
    const now = Date.now();
    for (const [id, inst] of this.nodes)
      out[id] = {
        ...inst.stats,
        queued: inst.mailbox.length + heldBy(inst),
        oldestMs: inst.mailbox.length && inst.mailboxSince ? now - inst.mailboxSince : 0,
      };
    return out;
  }

  /** Messages queued in the flow: every mailbox plus what nodes hold (`NodeHandlers.pending`). */
  queued(): number {
    let mailboxed = 0;
    let held = 0;
    for (const inst of this.nodes.values()) {
      mailboxed += inst.mailbox.length;
      held += heldBy(inst);
    }
    this.mailboxed = mailboxed;
    this.held = held;
    return mailboxed + held;
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
    if (target.closed) {
      const carry = this.carryover.get(target.id);
      if (carry) {
        holdOnEnqueue(msg);
        carry.push(msg);
      }
      return;
    }
    if (target.mailbox.length >= this.limits.mailboxLimit) {
      const err = new OperationalError(
        'mailbox_full',
        `${target.mailbox.length} messages already wait for node "${target.id}" (queue limit); message refused`,
      );
      this.signals.error(target, err, msg);
      return;
    }
    holdOnEnqueue(msg);
    if (target.mailbox.push(msg) === 1) target.mailboxSince = Date.now();
    // Counted as it is sent, so a source that checks `whenWritable()` between sends sees it at once.
    if (++this.mailboxed + this.held >= this.limits.highWater && !this.pressure.high)
      this.pressure.update(this.queued());
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
        inst.mailboxSince = 0;
        budget -= msgs.length;
        this.dispatch(inst, msgs);
      }
    }
    if (this.ready.length && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
    this.pressure.update(this.queued());
  };

  /**
   * Hands messages to a node. A message's take receipt (see take-receipt.ts) passes from the mailbox
   * to the handler: what the handler sends while it runs carries it, and it is released once the
   * handler returned or its promise settled.
   */
  private dispatch(inst: NodeInstance, msgs: FlowMessage[]): void {
    inst.stats.received += msgs.length;
    const h = inst.handlers;
    if (inst.failed || !h) {
      for (const m of msgs)
        this.settleAfter(receiptOf(m), () =>
          this.signals.error(inst, inst.failed ?? new Error('node is not running'), m),
        );
      return;
    }
    if (h.inputBatch) {
      const batch = h.inputBatch;
      // A batch runs under a receipt only when all its messages share it (one source message split).
      const first = msgs[0] ? receiptOf(msgs[0]) : undefined;
      const shared = first && msgs.every((m) => receiptOf(m) === first) ? first : undefined;
      let r: unknown;
      try {
        r = withReceipt(shared, () => batch(msgs));
      } catch (err) {
        withReceipt(shared, () => this.signals.error(inst, err, undefined));
      }
      const done = (): void => {
        for (const m of msgs) {
          const receipt = receiptOf(m);
          if (receipt) releaseReceipt(receipt);
        }
      };
      if (r && typeof (r as Promise<void>).then === 'function') {
        this.running++;
        // Promise.resolve: a foreign thenable that calls back twice (or throws) cannot release twice.
        Promise.resolve(r as Promise<void>).then(
          () => {
            this.running--;
            done();
          },
          (err: unknown) => {
            this.running--;
            withReceipt(shared, () => this.signals.error(inst, err, undefined));
            done();
          },
        );
      } else done();
      return;
    }
    const input = h.input;
    if (!input) {
      releaseAll(msgs, false); // a node without input: the message ends here
      return;
    }
    for (const m of msgs) {
      const receipt = receiptOf(m);
      let r: unknown;
      try {
        r = receipt ? withReceipt(receipt, () => input(m)) : input(m);
      } catch (err) {
        this.settleAfter(receipt, () => this.signals.error(inst, err, m));
        continue;
      }
      if (r && typeof (r as Promise<void>).then === 'function') {
        this.running++;
        Promise.resolve(r as Promise<void>).then(
          () => {
            this.running--;
            if (receipt) releaseReceipt(receipt);
          },
          (err: unknown) => {
            this.running--;
            this.settleAfter(receipt, () => this.signals.error(inst, err, m));
          },
        );
      } else if (receipt) releaseReceipt(receipt);
    }
  }

  /** Runs `fn` (error reporting) under `receipt`, so catch nodes' copies carry it, then releases it. */
  private settleAfter(receipt: Receipt | undefined, fn: () => void): void {
    if (!receipt) return fn();
    withReceipt(receipt, fn);
    releaseReceipt(receipt);
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
      this.signals.error(
        from,
        new UserError('invalid_message', `sent a ${typeof msg} instead of a message object`),
        undefined,
      );
      return;
    }
    try {
      if (sent) {
        if (sent.has(msg)) {
          const copy = copyMessage(msg);
          shareReceipt(msg, copy);
          msg = copy;
        }
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
      const copies = targets.slice(1).map(() => {
        const copy = copyMessage(msg);
        shareReceipt(msg, copy);
        return copy;
      });
      this.enqueue(targets[0] as NodeInstance, msg);
      copies.forEach((c, i) => this.enqueue(targets[i + 1] as NodeInstance, c));
    } catch (err) {
      this.signals.error(
        from,
        new UserError('uncloneable_message', `message could not be copied: ${(err as Error).message}`, err),
        undefined,
      );
    }
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  private async setupInstance(inst: NodeInstance): Promise<void> {
    const env = nodeEnv('env' in inst.node ? inst.node.env : undefined, (name) => this.host.env?.(name));
    const parsed = inst.def.config.safeParse(substituteEnv(inst.node.config, env));
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      inst.failed = serializeError({
        code: 'invalid_config',
        message: `invalid config${first ? ` at ${first.path.join('.') || '(root)'}: ${first.message}` : ''}`,
      });
      this.signals.status(inst, { fill: 'red', shape: 'ring', text: 'invalid config' });
      this.signals.error(inst, inst.failed, undefined);
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
      this.signals.status(inst, { fill: 'red', shape: 'ring', text: 'failed to start' });
      this.signals.error(inst, err, undefined);
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
      throw new UserError('unknown_type', `node type "${type}" is not installed`);
    },
  };
}

/** Longest a stopping flow spends delivering what its mailboxes hold before its nodes close. */
const STOP_DRAIN_MS = 1_000;

/** How often a paused flow counts its queue again while no message moves. */
const PRESSURE_RECHECK_MS = 50;

/** Releases the take receipts of messages dropped (a removed node's mailbox): dropped, not taken. */
function releaseAll(msgs: FlowMessage[], dropped = true): void {
  for (const m of msgs) {
    const receipt = receiptOf(m);
    if (receipt) releaseReceipt(receipt, dropped);
  }
}

/** What a node holds besides its mailbox (`NodeHandlers.pending`); a failing `pending()` counts as nothing. */
function heldBy(inst: NodeInstance): number {
  try {
    return inst.handlers?.pending?.() ?? 0;
  } catch {
    return 0;
  }
}

function entriesOf(store: ContextStore): [string, unknown][] {
  return store.keys().map((k) => [k, store.get(k)]);
}
