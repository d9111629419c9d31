import type { ContextStore } from '@millwright/sdk';

/** `sent`: the write went out and its outcome is unknown; `applied`: the server confirmed it (or read-back did). */
export type WriteState = 'sent' | 'applied';

const PREFIX = 'write-once:';

interface Entry {
  state: WriteState;
  /** When it was first recorded (epoch ms): the order in which keys are forgotten. */
  at: number;
}

/**
 * The keys of writes made, for write-once: at most `limit`, the oldest forgotten first. Each key is
 * one entry of the node's context (`write-once:<key>`), so a flow with a file context keeps them
 * across restarts (within its flush interval) and a flow with memory context until it stops.
 */
export class WriteOnceKeys {
  /** Keys, oldest first (a Map keeps insertion order). */
  private readonly keys = new Map<string, Entry>();

  constructor(
    private readonly store: ContextStore,
    private readonly limit: number,
  ) {
    const found: Array<[string, Entry]> = [];
    for (const name of store.keys()) {
      if (!name.startsWith(PREFIX)) continue;
      const entry = toEntry(store.get(name));
      if (entry) found.push([name.slice(PREFIX.length), entry]);
      else store.delete(name);
    }
    found.sort((a, b) => a[1].at - b[1].at);
    for (const [key, entry] of found) this.keys.set(key, entry);
    this.trim();
  }

  get size(): number {
    return this.keys.size;
  }

  get(key: string): WriteState | undefined {
    return this.keys.get(key)?.state;
  }

  set(key: string, state: WriteState): void {
    const entry = { state, at: this.keys.get(key)?.at ?? Date.now() };
    this.keys.set(key, entry);
    this.store.set(PREFIX + key, entry);
    this.trim();
  }

  /** Forgets `key`: its write surely did not happen, so a retry may write. */
  delete(key: string): void {
    if (this.keys.delete(key)) this.store.delete(PREFIX + key);
  }

  private trim(): void {
    for (const key of this.keys.keys()) {
      if (this.keys.size <= this.limit) return;
      this.keys.delete(key);
      this.store.delete(PREFIX + key);
    }
  }
}

function toEntry(value: unknown): Entry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const state: unknown = Reflect.get(value, 'state');
  const at: unknown = Reflect.get(value, 'at');
  if ((state !== 'sent' && state !== 'applied') || typeof at !== 'number') return undefined;
  return { state, at };
}
