import { FlowError, UserError, type FlowMessage } from '@millwright/model';
import { holdMessage, withReceiptOf, type NodeContext, type NodeOutput } from '@millwright/sdk';
import { LINK_STACK } from '../link-call/link-stack.js';
import type { FunctionConfig } from './config.js';
import { isMessage, toOutput, toStatus, userCodeError, type Effect } from './effects.js';
import { asyncTimeoutError, copyError, memoryError, timeoutError } from './errors.js';
import { HostTimers } from './host-timers.js';
import { InFlight } from './in-flight.js';
import { Sandbox, type Crossing, type HookName } from './sandbox.js';

/**
 * Messages per crossing into the isolate. A crossing costs a few microseconds whatever it carries;
 * past ~64 messages larger chunks stop paying (measured 64/256/1024 within a few percent), and 256
 * keeps the work one timeout or memory kill can disturb small.
 */
const CHUNK = 256;
/** Async messages awaiting at once; more wait in the backlog (back-pressure on the isolate heap). */
const MAX_IN_FLIGHT = 256;
const MAX_TIMERS = 10_000;
/** Cap on finalizeCode, below the engine's 5 s close timeout. */
const FINALIZE_LIMIT_MS = 3_000;

type State = 'starting' | 'ready' | 'initializing' | 'failed' | 'closing' | 'closed';

/**
 * Runs one function node: feeds messages to the sandbox, routes what user code did (sends,
 * returns, status, logs, errors, timers) to the node context, enforces the limits and rebuilds the
 * sandbox after a memory-limit kill.
 *
 * Batching: a burst crosses into the isolate CHUNK messages at a time (one copy in, the user
 * function run per message inside, then one drain of all effects). Each message's return or throw
 * is its own effect, so a throwing message costs no other. The time limit stays per message: a
 * crossing may run `timeoutMs * 1.1` but starts no message after `timeoutMs * 0.1`, so each one
 * gets its full `timeoutMs`. When the limit hits, the isolate is still usable: the effects of the
 * messages finished before are drained and sent, the stuck one fails with `function_timeout`, and
 * the rest start a new crossing. A memory kill loses the isolate with its undrained effects: the
 * running message (read from a SharedArrayBuffer the isolate writes) fails with
 * `function_memory_limit`, and the earlier messages of the chunk run again on the rebuilt sandbox
 * (at least once; their context writes may repeat).
 */
export class FunctionRuntime {
  private readonly sandbox: Sandbox;
  private readonly timers: HostTimers;
  private readonly open = new InFlight(() => this.schedulePump());
  private readonly cfg: FunctionConfig;
  /** Messages not yet run: `backlog[head..]`. */
  private backlog: FlowMessage[] = [];
  private head = 0;
  /** How many of the next messages run one per crossing (to find one that cannot be copied). */
  private singles = 0;
  private nextHandle = 1;
  private state: State = 'starting';
  private pumpScheduled = false;
  /** Why the node can no longer run code (the sandbox could not be rebuilt). */
  private failure: Error | undefined;
  /**
   * Take receipts of the messages this node has (queued or running): a source that acknowledges
   * after take (MQTT QoS 1) waits until the code finished with the message and its sends are queued.
   */
  private readonly holds = new Map<FlowMessage, Array<(dropped?: boolean) => void>>();

  constructor(private readonly ctx: NodeContext<FunctionConfig>) {
    this.cfg = ctx.config;
    const stores = ctx.context;
    this.sandbox = new Sandbox({
      code: this.cfg.code,
      initCode: this.cfg.initCode,
      finalizeCode: this.cfg.finalizeCode,
      memoryLimitMb: this.cfg.memoryLimitMb,
      timeoutMs: this.cfg.timeoutMs,
      info: { id: ctx.id, name: ctx.name, outputs: this.cfg.outputs },
      host: {
        context(scope, op, key, value) {
          const store = scope === 'flow' ? stores.flow : scope === 'global' ? stores.global : stores.node;
          if (op === 'keys') return store.keys();
          const k = String(key);
          if (op === 'get') return store.get(k);
          try {
            if (value === undefined) store.delete(k);
            else store.set(k, value);
          } catch (err) {
            // isolated-vm hands the code only a host error's message: a coded refusal of a persistent
            // context (context_too_large...) crosses as data, and the sandbox throws it with its code.
            if (err instanceof FlowError) return { contextError: { code: err.code, message: err.message } };
            throw err;
          }
          return undefined;
        },
        env: (name) => ctx.env(String(name)),
      },
    });
    this.timers = new HostTimers(MAX_TIMERS, (id, _repeat, owner) => this.fireTimer(id, owner));
  }

  /** Runs initCode; rejects (the node fails to start) when it throws or times out. */
  async start(): Promise<void> {
    const err = await this.runHook('init', this.cfg.asyncTimeoutMs);
    if (err) {
      await this.close();
      throw err;
    }
    this.state = 'ready';
    this.pump();
  }

  /** Queues messages and runs as many as the state allows, in order. */
  /** Messages taken but not finished: waiting to run, or awaiting in async code. */
  get pending(): number {
    return this.backlog.length - this.head + this.open.messages;
  }

  input(msgs: FlowMessage[]): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    if (this.failure) {
      for (const m of msgs) this.ctx.error(this.failure, m);
      return;
    }
    // The same object can come twice (a node that sends it to one port twice): one hold each.
    for (const m of msgs) {
      const held = this.holds.get(m);
      if (held) held.push(holdMessage(m));
      else this.holds.set(m, [holdMessage(m)]);
    }
    if (this.head === this.backlog.length) {
      this.backlog = msgs.slice();
      this.head = 0;
    } else for (const m of msgs) this.backlog.push(m);
    this.pump();
  }

  /** Drops queued and awaiting messages, stops timers, runs finalizeCode, disposes the isolate. */
  async close(): Promise<void> {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.state = 'closing';
    this.backlog = [];
    this.head = 0;
    this.abandonAll(undefined);
    if (this.cfg.finalizeCode.trim() && this.sandbox.alive) {
      const err = await this.runHook('finalize', Math.min(this.cfg.asyncTimeoutMs, FINALIZE_LIMIT_MS));
      if (err) this.ctx.log.warn(`finalizeCode failed: ${err.message}`);
    }
    this.state = 'closed';
    this.abandonAll(undefined);
    this.sandbox.dispose();
    // What the close dropped is settled: its sources must not wait for a node that is gone.
    for (const releases of this.holds.values()) for (const release of releases) release(true);
    this.holds.clear();
  }

  // ---- running messages ----------------------------------------------------------------------

  private pump(): void {
    while (this.state === 'ready' && this.head < this.backlog.length) {
      let room = this.sandbox.isAsync ? Math.min(CHUNK, MAX_IN_FLIGHT - this.open.messages) : CHUNK;
      if (room <= 0) return;
      if (this.singles > 0) {
        room = 1;
        this.singles--;
      }
      const chunk = this.backlog.slice(this.head, this.head + room);
      this.head += chunk.length;
      if (this.head === this.backlog.length) {
        this.backlog = [];
        this.head = 0;
      }
      this.runChunk(chunk);
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.state !== 'ready') return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private requeue(msgs: FlowMessage[]): void {
    if (!msgs.length) return;
    this.backlog = msgs.concat(this.backlog.slice(this.head));
    this.head = 0;
  }

  private runChunk(chunk: FlowMessage[]): void {
    const base = this.nextHandle;
    this.nextHandle += chunk.length;
    const batch = this.open.openBatch(base, chunk);
    // The engine's `trace` (the path so far) stays out here: the code does not see it (Node-RED has
    // none) and no copy crosses the isolate; outputs get their input's trace back on the way out.
    let r = this.sandbox.runBatch(chunk.map(withoutTrace), base);
    const lost = this.flush();
    this.open.closeBatch();
    if (r.ok && lost) r = { ok: false, reason: 'memory', error: undefined };

    if (!r.ok && r.reason === 'error') {
      // Nothing ran: a message could not be copied into the isolate. Run them singly to find it.
      if (chunk.length === 1) this.fail(copyError(r.error), chunk[0]);
      else {
        this.singles = chunk.length;
        this.requeue(chunk);
      }
      return;
    }
    const started = r.ok
      ? typeof r.value === 'number'
        ? r.value
        : chunk.length
      : Math.min(Math.max(0, this.sandbox.progressIndex), chunk.length - 1) + 1;
    const again = chunk.slice(started);
    if (!r.ok) {
      const stuck = started - 1;
      batch.settled[stuck] = 1;
      if (r.reason === 'timeout') this.fail(timeoutError(this.cfg.timeoutMs), chunk[stuck]);
      else {
        this.fail(memoryError(this.cfg.memoryLimitMb), chunk[stuck]);
        again.unshift(...chunk.slice(0, stuck));
      }
    }
    if (this.sandbox.isAsync && this.sandbox.alive)
      this.open.keepOpen(batch, started, this.cfg.asyncTimeoutMs, (msg) =>
        this.fail(asyncTimeoutError(this.cfg.asyncTimeoutMs), msg),
      );
    this.requeue(again);
    if (!r.ok && r.reason === 'memory') this.recover();
  }

  private fireTimer(id: number, owner: number): void {
    if (this.state === 'closed') return;
    const r = this.sandbox.fire(id);
    const lost = this.flush();
    if (r.ok && !lost) return;
    const err = this.crossingError(r);
    // The message (or hook) that set the timer owns what its callback did.
    const p = this.open.settle(owner);
    if (p?.hook) p.hook(err);
    else this.fail(err, p?.msg);
    if (!this.sandbox.alive) this.recover();
  }

  /** Starts a hook and resolves with its error (undefined when it finished). */
  private runHook(name: HookName, limitMs: number): Promise<Error | undefined> {
    const body = name === 'init' ? this.cfg.initCode : this.cfg.finalizeCode;
    if (!body.trim()) return Promise.resolve(undefined);
    const handle = this.nextHandle++;
    return new Promise((resolve) => {
      this.open.addHook(handle, resolve, limitMs, () =>
        resolve(new UserError('function_timeout', `${name}Code did not finish within ${limitMs} ms`)),
      );
      const r = this.sandbox.runHook(name, handle);
      const lost = this.flush();
      if (r.ok && !lost) return;
      if (this.open.settle(handle)) resolve(this.crossingError(r));
      // A hook that blows the memory limit is not re-run: the sandbox comes back without it.
      if (!this.sandbox.alive) this.recover(false);
    });
  }

  /**
   * After a memory-limit kill: everything in flight fails, timers are gone, and a fresh isolate
   * with the same code (and initCode, run again) takes over.
   */
  private recover(runInit = true): void {
    this.abandonAll(memoryError(this.cfg.memoryLimitMb, true));
    try {
      this.sandbox.rebuild();
    } catch (err) {
      this.failure = new UserError('function_sandbox_failed', `the sandbox could not be rebuilt: ${String(err)}`);
      if (this.state === 'ready' || this.state === 'initializing') this.state = 'failed';
      const waiting = this.backlog.slice(this.head);
      this.backlog = [];
      this.head = 0;
      for (const m of waiting) this.fail(this.failure, m);
      return;
    }
    if (!runInit || !this.cfg.initCode.trim() || this.state !== 'ready') return;
    this.state = 'initializing';
    void this.runHook('init', this.cfg.asyncTimeoutMs).then((err) => {
      if (err) this.ctx.error(err);
      if (this.state !== 'initializing') return;
      this.state = 'ready';
      this.pump();
    });
  }

  /** Fails (or, with no error, drops) everything awaiting, and stops all timers. */
  private abandonAll(err: Error | undefined): void {
    this.timers.clearAll();
    for (const p of this.open.abandon()) {
      if (p.hook) p.hook(err ?? new UserError('function_closed', 'the node was closed'));
      else if (err) this.fail(err, p.msg);
    }
  }

  /** The error for a crossing that failed (or whose isolate died while draining). */
  private crossingError(r: Crossing): Error {
    if (!this.sandbox.alive || (!r.ok && r.reason === 'memory')) return memoryError(this.cfg.memoryLimitMb);
    if (!r.ok && r.reason === 'timeout') return timeoutError(this.cfg.timeoutMs);
    return new UserError('function_error', !r.ok && r.error instanceof Error ? r.error.message : 'crossing failed');
  }

  // ---- effects ----------------------------------------------------------------------------------

  /** Drains and routes the isolate's effects; true when the isolate died while draining. */
  private flush(): boolean {
    const { effects, lost } = this.sandbox.drain();
    for (const e of effects) this.route(e);
    return lost;
  }

  private route(e: Effect): void {
    const ctx = this.ctx;
    switch (e.k) {
      case 'send':
        return this.send(e.v, undefined, e.m === undefined ? undefined : this.open.messageOf(e.m));
      case 'ret': {
        const p = this.open.settle(e.m);
        if (p?.hook) p.hook(undefined);
        else if (p) {
          this.send(e.v, p.msg, p.msg);
          this.finished(p.msg);
        }
        return;
      }
      case 'fail': {
        const p = this.open.settle(e.m);
        if (p?.hook) p.hook(userCodeError(e.e));
        else if (p) this.fail(userCodeError(e.e), p.msg);
        return;
      }
      case 'status':
        return ctx.status(toStatus(e.v));
      case 'log':
        return (ctx.log[e.l] ?? ctx.log.info)(e.v);
      case 'error':
        return ctx.error(userCodeError(e.e), isMessage(e.v) ? e.v : undefined);
      case 'timer':
        if (this.state === 'closed') return;
        if (!this.timers.set({ id: e.id, ms: e.ms, repeat: e.rep, owner: e.m }))
          ctx.error(new UserError('function_too_many_timers', `more than ${MAX_TIMERS} timers are running`));
        return;
      case 'clear':
        return this.timers.clear(e.id);
    }
  }

  /** Sends what the code returned or sent for `origin` (the input message), with its trace. */
  private send(value: unknown, msg: FlowMessage | undefined, origin: FlowMessage | undefined): void {
    const out = toOutput(value);
    if ('problem' in out) this.ctx.error(new UserError('function_invalid_output', `the function ${out.problem}`), msg);
    else {
      if (origin?.trace || origin?.[LINK_STACK]) restoreEngineFields(out.output, origin);
      withReceiptOf(origin, () => this.ctx.send(out.output));
    }
  }

  /** Reports the error of a message and lets it go. */
  private fail(err: Error, msg: FlowMessage | undefined): void {
    this.ctx.error(err, msg);
    this.finished(msg);
  }

  /** The node is done with `msg`: its take receipt no longer waits for this node. */
  private finished(msg: FlowMessage | undefined): void {
    if (!msg) return;
    const releases = this.holds.get(msg);
    const release = releases?.shift();
    if (!release) return;
    if (!releases?.length) this.holds.delete(msg);
    release();
  }
}

/**
 * The message without the engine's `trace` and link call stack (`_linkSource`); the same object
 * when it has neither.
 */
function withoutTrace(msg: FlowMessage): FlowMessage {
  if (msg.trace === undefined && msg[LINK_STACK] === undefined) return msg;
  const { trace: _trace, [LINK_STACK]: _stack, ...rest } = msg;
  return rest as FlowMessage;
}

/**
 * Gives every output message (one, per port, or several per port) its own copy of the input's
 * `trace` and link call stack, so a message the code returns still returns to its link call.
 */
function restoreEngineFields(output: NodeOutput, origin: FlowMessage): void {
  const { trace } = origin;
  const stack = origin[LINK_STACK];
  const give = (m: FlowMessage | null | undefined) => {
    if (!m) return;
    if (trace && m.trace === undefined) m.trace = trace.slice();
    if (Array.isArray(stack) && m[LINK_STACK] === undefined) m[LINK_STACK] = structuredClone(stack);
  };
  if (!Array.isArray(output)) return give(output as FlowMessage | null);
  for (const port of output as ReadonlyArray<FlowMessage | readonly FlowMessage[] | null>) {
    if (Array.isArray(port)) (port as readonly FlowMessage[]).forEach(give);
    else give(port as FlowMessage | null);
  }
}
