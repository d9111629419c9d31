import { UserError, type ContextScopeView } from '@millwright/model';
import { viewContext } from '@millwright/sdk';
import { DEFAULT_FLOW_LIMITS, type FlowLimits } from './flow-limits.js';

interface Entry {
  value: unknown;
  /** The flow that set it last: the key counts against its quota. */
  owner: string;
  bytes: number;
}

/**
 * The main process's copy of the global context, which (re)starting flows load. Each key belongs
 * to the flow that set it last; a flow holds at most `globalEntries` keys and `globalBytes` bytes
 * (its host refuses a `set` beyond that first, with `context_quota_exceeded`; a change over the
 * quota that arrives anyway is refused here too), and a removed flow's keys are deleted, so the
 * main process never holds more than the quota for any flow, nor anything for a flow that is gone.
 */
export class GlobalContext {
  private readonly entries = new Map<string, Entry>();
  private readonly owners = new Map<string, { entries: number; bytes: number }>();
  private readonly limits: Pick<FlowLimits, 'globalEntries' | 'globalBytes'>;

  constructor(limits: Partial<FlowLimits> = {}) {
    this.limits = { ...DEFAULT_FLOW_LIMITS, ...limits };
  }

  /** Applies a change from flow `from` (`undefined` deletes); returns the error when it is over quota. */
  set(from: string, key: string, value: unknown, bytes: number): UserError | undefined {
    const before = this.entries.get(key);
    if (value === undefined) {
      if (before) this.forget(key, before);
      return undefined;
    }
    const mine = before?.owner === from ? before : undefined;
    const usage = this.owners.get(from) ?? { entries: 0, bytes: 0 };
    const entries = usage.entries + (mine ? 0 : 1);
    const total = usage.bytes - (mine?.bytes ?? 0) + bytes;
    if (entries > this.limits.globalEntries || total > this.limits.globalBytes)
      return new UserError(
        'context_quota_exceeded',
        `global context: flow "${from}" would hold ${entries} keys, ${total} bytes (limits ${this.limits.globalEntries}, ${this.limits.globalBytes}); "${key}" not shared`,
      );
    if (before) this.forget(key, before);
    this.entries.set(key, { value, owner: from, bytes });
    const now = this.owners.get(from) ?? { entries: 0, bytes: 0 };
    this.owners.set(from, { entries: now.entries + 1, bytes: now.bytes + bytes });
    return undefined;
  }

  /** Every value, and the keys `flowId` owns with their cost, for a flow that (re)starts. */
  snapshot(flowId: string): { values: Record<string, unknown>; owned: Record<string, number> } {
    const values: Record<string, unknown> = {};
    const owned: Record<string, number> = {};
    for (const [key, e] of this.entries) {
      values[key] = e.value;
      if (e.owner === flowId) owned[key] = e.bytes;
    }
    return { values, owned };
  }

  /** Deletes every key flow `flowId` owns (it was removed); returns those keys. */
  release(flowId: string): string[] {
    if (!this.owners.has(flowId)) return [];
    const keys: string[] = [];
    for (const [key, e] of this.entries)
      if (e.owner === flowId) {
        this.entries.delete(key);
        keys.push(key);
      }
    this.owners.delete(flowId);
    return keys;
  }

  /** The global context for the context viewer: bounded, values cut, sizes as counted for the quotas. */
  view(): ContextScopeView {
    return viewContext(
      'global',
      [...this.entries].map(([k, e]) => [k, e.value]),
      (k) => this.entries.get(k)?.bytes,
    );
  }

  /** Keys and bytes held per flow. */
  usage(): Map<string, { entries: number; bytes: number }> {
    return new Map([...this.owners].map(([flow, u]) => [flow, { ...u }]));
  }

  private forget(key: string, e: Entry): void {
    this.entries.delete(key);
    const u = this.owners.get(e.owner);
    if (!u) return;
    if (u.entries <= 1) this.owners.delete(e.owner);
    else this.owners.set(e.owner, { entries: u.entries - 1, bytes: u.bytes - e.bytes });
  }
}
