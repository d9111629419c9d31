import type { FlowMessage } from '@millwright/model';

/** A message or hook run that started in the isolate and has not settled. */
export interface Pending {
  msg?: FlowMessage;
  /** Set for initCode/finalizeCode runs: called once with their error, or undefined. */
  hook?: (err: Error | undefined) => void;
  wall?: NodeJS.Timeout;
}

/** The chunk of messages of the crossing under way; handles `base + i`. */
export interface Batch {
  base: number;
  msgs: FlowMessage[];
  settled: Uint8Array;
}

/**
 * Book-keeping of handles: which message each `ret`/`fail` effect belongs to, which async
 * messages are still awaiting (each with a wall-clock limit), and which hook runs are open.
 */
export class InFlight {
  private batch: Batch | null = null;
  private readonly pending = new Map<number, Pending>();
  /** Async messages awaiting; hooks are not counted. */
  messages = 0;

  constructor(private readonly onMessageSettled: () => void) {}

  /** Starts tracking a chunk; messages that settle in its crossing skip the map entirely. */
  openBatch(base: number, msgs: FlowMessage[]): Batch {
    this.batch = { base, msgs, settled: new Uint8Array(msgs.length) };
    return this.batch;
  }

  closeBatch(): void {
    this.batch = null;
  }

  /** Async messages of `batch` started but not settled wait, failing via `onExpire` after `limitMs`. */
  keepOpen(batch: Batch, started: number, limitMs: number, onExpire: (msg: FlowMessage | undefined) => void): void {
    for (let i = 0; i < started; i++) {
      if (batch.settled[i]) continue;
      const handle = batch.base + i;
      const msg = batch.msgs[i];
      const wall = setTimeout(() => {
        if (!this.pending.delete(handle)) return;
        this.messages--;
        onExpire(msg);
        this.onMessageSettled();
      }, limitMs);
      this.pending.set(handle, { ...(msg ? { msg } : {}), wall });
      this.messages++;
    }
  }

  /** Tracks a hook run; `onExpire` runs if it has not settled after `limitMs`. */
  addHook(handle: number, hook: Pending['hook'], limitMs: number, onExpire: () => void): void {
    const wall = setTimeout(() => {
      if (this.pending.delete(handle)) onExpire();
    }, limitMs);
    this.pending.set(handle, { ...(hook ? { hook } : {}), wall });
  }

  /** The message behind a handle still running (settled or not), without settling it. */
  messageOf(handle: number): FlowMessage | undefined {
    const b = this.batch;
    if (b && handle >= b.base && handle < b.base + b.msgs.length) return b.msgs[handle - b.base];
    return this.pending.get(handle)?.msg;
  }

  /** Marks a handle settled and returns what it was; undefined when unknown or already settled. */
  settle(handle: number): Pending | undefined {
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
      this.messages--;
      this.onMessageSettled();
    }
    return p;
  }

  /** Forgets everything open (their wall timers too) and returns it. */
  abandon(): Pending[] {
    const open = [...this.pending.values()];
    this.pending.clear();
    this.messages = 0;
    for (const p of open) clearTimeout(p.wall);
    return open;
  }
}
