import { UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext } from '@millwright/sdk';
import type { FunctionConfig } from './config.js';
import { isMessage, toOutput, toStatus, userCodeError, type Effect } from './effects.js';
import { HostTimers } from './host-timers.js';
import { Sandbox, type Crossing, type HookName } from './sandbox.js';

/**
 * Messages per crossing into the isolate. A crossing costs a few microseconds whatever it carries,
 * so a burst is run in chunks: 256 is past the point where larger chunks stop paying (measured
 * 64/256/1024 within a few percent of each other) while keeping one crossing's work small.
 */
export const CHUNK = 256;
/** Async messages awaiting at once; more wait in the backlog (back-pressure on the isolate heap). */
const MAX_IN_FLIGHT = 256;
const MAX_TIMERS = 10_000;
/** Cap on finalizeCode, below the engine's 5 s close timeout. */
const FINALIZE_LIMIT_MS = 3_000;

interface Pending {
  msg?: FlowMessage;
  hook?: (err: Error | undefined) => void;
  wall?: NodeJS.Timeout;
}

interface Batch {
  base: number;
  msgs: FlowMessage[];
  settled: Uint8Array;
}

type State = 'starting' | 'ready' | 'initializing' | 'closing' | 'closed';

/**
 * Runs one function node: feeds messages to the sandbox in chunks, routes what user code did
 * (sends, returns, status, logs, errors, timers) to the node context, enforces the time limits and
 * rebuilds the sandbox after a memory-limit kill.
 */
export class FunctionRuntime {
  private readonly sandbox: Sandbox;
  private readonly timers: HostTimers;
  private readonly cfg: FunctionConfig;
  /** Messages not yet run: `backlog[head..]`. */
  private backlog: FlowMessage[] = [];
  private head = 0;
  private nextHandle = 1;
  private batch: Batch | null = null;
  private readonly pending = new Map<number, Pending>();
  private inFlight = 0;
  private state: State = 'starting';
  private pumpScheduled = false;

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
          if (value === undefined) store.delete(k);
          else store.set(k, value);
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
  input(msgs: FlowMessage[]): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    if (this.head === this.backlog.length) {
      this.backlog = msgs.slice();
      this.head = 0;
    } else for (const m of msgs) this.backlog.push(m);
    this.pump();
  }

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
  }

  // ---- running messages ----------------------------------------------------------------------

  private pump(): void {
    while (this.state === 'ready' && this.head < this.backlog.length) {
      const room = this.sandbox.isAsync ? Math.min(CHUNK, MAX_IN_FLIGHT - this.inFlight) : CHUNK;
      if (room <= 0) return;
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

  private runChunk(chunk: FlowMessage[]): void {
    const base = this.nextHandle;
    this.nextHandle += chunk.length;
    const batch: Batch = { base, msgs: chunk, settled: new Uint8Array(chunk.length) };
    this.batch = batch;
    let r = this.sandbox.runBatch(chunk, base);
    const lost = this.flush();
    this.batch = null;
    if (r.ok && lost) r = { ok: false, reason: 'memory', error: undefined };

    if (!r.ok && r.reason === 'error') {
      // Nothing ran: a message could not be copied into the isolate. Find which one.
      if (chunk.length === 1) this.ctx.error(copyError(r.error), chunk[0]);
      else for (const m of chunk) this.runChunk([m]);
      return;
    }
    const started = r.ok ? (typeof r.value === 'number' ? r.value : chunk.length) : this.stuckIndex(chunk) + 1;
    const requeue = chunk.slice(started);
    if (!r.ok) {
      const stuck = started - 1;
      batch.settled[stuck] = 1;
      const msg = chunk[stuck];
      if (r.reason === 'timeout') this.ctx.error(timeoutError(this.cfg.timeoutMs), msg);
      else {
        this.ctx.error(memoryError(this.cfg.memoryLimitMb), msg);
        // Effects of the messages before it died with the isolate: run them again (at least once).
        requeue.unshift(...chunk.slice(0, stuck));
      }
    }
    if (this.sandbox.isAsync && this.sandbox.alive) this.awaitUnsettled(batch, started);
    if (requeue.length) {
      this.backlog = requeue.concat(this.backlog.slice(this.head));
      this.head = 0;
    }
    if (!r.ok && r.reason === 'memory') this.recover();
  }

  private stuckIndex(chunk: FlowMessage[]): number {
    return Math.min(Math.max(0, this.sandbox.progressIndex), chunk.length - 1);
  }

  /** Async messages whose promise is still open get a wall-clock limit. */
  private awaitUnsettled(batch: Batch, started: number): void {
    for (let i = 0; i < started; i++) {
      if (batch.settled[i]) continue;
      const handle = batch.base + i;
      const msg = batch.msgs[i];
      const wall = setTimeout(() => {
        if (!this.pending.delete(handle)) return;
        this.inFlight--;
        this.ctx.error(
          new UserError(
            'function_timeout',
            `async function did not finish within asyncTimeoutMs (${this.cfg.asyncTimeoutMs} ms)`,
          ),
          msg,
        );
        this.schedulePump();
      }, this.cfg.asyncTimeoutMs);
      this.pending.set(handle, { ...(msg ? { msg } : {}), wall });
      this.inFlight++;
    }
  }

  private fireTimer(id: number, owner: number): void {
    if (this.state === 'closed') return;
    const r = this.sandbox.fire(id);
    const lost = this.flush();
    if (r.ok && !lost) return;
    const err = this.crossingError(r);
    // The message (or hook) that set the timer owns what its callback did.
    const p = this.settle(owner);
    if (p?.hook) p.hook(err);
    else this.ctx.error(err, p?.msg);
    if (!this.sandbox.alive) this.recover();
  }

  /** Starts a hook and resolves with its error (undefined when it finished). */
  private runHook(name: HookName, limitMs: number): Promise<Error | undefined> {
    const body = name === 'init' ? this.cfg.initCode : this.cfg.finalizeCode;
    if (!body.trim()) return Promise.resolve(undefined);
    const handle = this.nextHandle++;
    return new Promise((resolve) => {
      const wall = setTimeout(() => {
        if (this.pending.delete(handle))
          resolve(new UserError('function_timeout', `${name}Code did not finish within ${limitMs} ms`));
      }, limitMs);
      this.pending.set(handle, { hook: resolve, wall });
      const r = this.sandbox.runHook(name, handle);
      const lost = this.flush();
      if (r.ok && !lost) return;
      this.settle(handle);
      resolve(this.crossingError(r));
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
      this.ctx.error(err);
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

  /** Fails (or, with no error, drops) every pending message and hook, and stops all timers. */
  private abandonAll(err: Error | undefined): void {
    this.timers.clearAll();
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.inFlight = 0;
    for (const p of pending) {
      clearTimeout(p.wall);
      if (p.hook) p.hook(err ?? new UserError('function_closed', 'the node was closed'));
      else if (err) this.ctx.error(err, p.msg);
    }
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
        return this.send(e.v, undefined);
      case 'ret': {
        const p = this.settle(e.m);
        if (p?.hook) p.hook(undefined);
        else if (p) this.send(e.v, p.msg);
        return;
      }
      case 'fail': {
        const p = this.settle(e.m);
        if (p?.hook) p.hook(userCodeError(e.e));
        else if (p) ctx.error(userCodeError(e.e), p.msg);
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

  private send(value: unknown, msg: FlowMessage | undefined): void {
    const out = toOutput(value);
    if ('problem' in out) this.ctx.error(new UserError('function_invalid_output', `the function ${out.problem}`), msg);
    else this.ctx.send(out.output);
  }

  /** The error for a crossing that failed (or whose isolate died while draining). */
  private crossingError(r: Crossing): Error {
    if (!this.sandbox.alive || (!r.ok && r.reason === 'memory')) return memoryError(this.cfg.memoryLimitMb);
    if (!r.ok && r.reason === 'timeout') return timeoutError(this.cfg.timeoutMs);
    const why = !r.ok && r.error instanceof Error ? r.error.message : String(r.ok ? 'unknown' : r.error);
    return new UserError('function_error', why);
  }

  /** Marks a message or hook finished; undefined when it already was (or timed out). */
  private settle(handle: number): Pending | undefined {
    const b = this.batch;
    if (b && handle >= b.base && handle < b.base + b.msgs.length) {
      const i = handle - b.base;
      if (b.settled[i]) return undefined;
      b.settled[i] = 1;
      const msg = b.msgs[i];
      return msg ? { msg } : {};
    }
    const p = this.pending.get(handle);
    if (!p) return undefined;
    this.pending.delete(handle);
    clearTimeout(p.wall);
    if (p.msg) {
      this.inFlight--;
      this.schedulePump();
    }
    return p;
  }
}

function timeoutError(limitMs: number): UserError {
  return new UserError('function_timeout', `function did not finish within timeoutMs (${limitMs} ms) and was stopped`);
}

function memoryError(limitMb: number, bystander = false): UserError {
  const what = bystander ? 'message was in flight when another one exceeded' : 'function exceeded';
  return new UserError(
    'function_memory_limit',
    `${what} the sandbox memory limit (memoryLimitMb ${limitMb} MB); the sandbox was rebuilt`,
  );
}

function copyError(err: unknown): UserError {
  const why = err instanceof Error ? err.message : String(err);
  return new UserError('function_uncloneable_message', `message could not be copied into the sandbox: ${why}`);
}
