import type { ContextStore } from './node-context.js';

/** In-memory context store. The runtime replicates the global store across workers. */
export class MemoryContextStore implements ContextStore {
  protected readonly data = new Map<string, unknown>();

  get(key: string): unknown {
    return this.data.get(key);
  }

  set(key: string, value: unknown): void {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  keys(): string[] {
    return [...this.data.keys()];
  }
}
