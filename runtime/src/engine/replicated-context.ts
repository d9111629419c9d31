import { serialize } from 'node:v8';
import { UserError } from '@millwright/model';
import { MemoryContextStore } from '@millwright/sdk';
import { DEFAULT_FLOW_LIMITS, type FlowLimits } from './flow-limits.js';

/** Bytes a global context entry costs: its value as the structured clone that crosses to the other hosts. */
export function globalEntryBytes(key: string, value: unknown): number {
  try {
    return serialize(value).length + key.length;
  } catch (err) {
    throw new UserError('context_not_serializable', `global "${key}" cannot be shared between flows`, err);
  }
}

/** Publishes a change: `undefined` deletes; `bytes` is what the key now costs its flow. */
export type PublishGlobal = (key: string, value: unknown, bytes: number) => void;

/**
 * Global context for one flow: reads are local, writes are applied locally and published so the
 * other flows' replicas converge. Last write wins; there is no cross-flow transaction.
 *
 * Each key counts against the quota of the flow that set it last (`limits.globalContextEntries`,
 * `globalContextBytes`): a `set` beyond it throws `context_quota_exceeded` before anything changes.
 * Changes are published once per turn per key (the last value), so a loop rewriting one key
 * sends one copy, not one per write.
 */
export class ReplicatedContextStore extends MemoryContextStore {
  /** Keys this flow set last, with their cost. */
  private readonly own = new Map<string, number>();
  private ownBytes = 0;
  private readonly outgoing = new Map<string, { value: unknown; bytes: number }>();
  private scheduled = false;

  constructor(
    private readonly publish: PublishGlobal,
    private readonly limits: Pick<FlowLimits, 'globalEntries' | 'globalBytes'> = DEFAULT_FLOW_LIMITS,
  ) {
    super();
  }

  override set(key: string, value: unknown): void {
    if (value === undefined) return this.delete(key);
    const bytes = globalEntryBytes(key, value);
    const before = this.own.get(key);
    const entries = this.own.size + (before === undefined ? 1 : 0);
    const total = this.ownBytes - (before ?? 0) + bytes;
    if (entries > this.limits.globalEntries)
      throw new UserError(
        'context_quota_exceeded',
        `global context: this flow already holds ${this.own.size} keys (limit ${this.limits.globalEntries}); "${key}" not set`,
      );
    if (total > this.limits.globalBytes)
      throw new UserError(
        'context_quota_exceeded',
        `global context: "${key}" (${bytes} bytes) would bring this flow to ${total} bytes (limit ${this.limits.globalBytes}); not set`,
      );
    super.set(key, value);
    this.own.set(key, bytes);
    this.ownBytes = total;
    this.queue(key, value, bytes);
  }

  override delete(key: string): void {
    super.delete(key);
    this.release(key);
    this.queue(key, undefined, 0);
  }

  /** Applies a change made elsewhere, without publishing it again: the key now counts for that flow. */
  apply(key: string, value: unknown): void {
    // A change of ours still on its way is older than one another flow made after it.
    this.outgoing.delete(key);
    super.set(key, value);
    this.release(key);
  }

  /** Loads the global context at (re)start; `owned` are the keys this flow set last, with their cost. */
  load(snapshot: Record<string, unknown>, owned: Record<string, number> = {}): void {
    for (const [k, v] of Object.entries(snapshot)) super.set(k, v);
    for (const [k, bytes] of Object.entries(owned)) {
      this.own.set(k, bytes);
      this.ownBytes += bytes;
    }
  }

  /** What this flow holds against its quota. */
  usage(): { entries: number; bytes: number } {
    return { entries: this.own.size, bytes: this.ownBytes };
  }

  /** Publishes the changes of this turn now (before anything else leaves the flow, to keep order). */
  flush(): void {
    this.scheduled = false;
    if (!this.outgoing.size) return;
    const changes = [...this.outgoing];
    this.outgoing.clear();
    for (const [key, { value, bytes }] of changes) this.publish(key, value, bytes);
  }

  private queue(key: string, value: unknown, bytes: number): void {
    this.outgoing.delete(key); // re-insert: the newest change goes last
    this.outgoing.set(key, { value, bytes });
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  private release(key: string): void {
    const bytes = this.own.get(key);
    if (bytes === undefined) return;
    this.own.delete(key);
    this.ownBytes -= bytes;
  }
}
