import { MemoryContextStore } from '@millwright/sdk';

/**
 * Global context for one flow: reads are local, writes are applied locally and published so the
 * other flows' replicas converge. Last write wins; there is no cross-flow transaction.
 */
export class ReplicatedContextStore extends MemoryContextStore {
  constructor(private readonly publish: (key: string, value: unknown) => void) {
    super();
  }

  override set(key: string, value: unknown): void {
    super.set(key, value);
    this.publish(key, value);
  }

  override delete(key: string): void {
    super.delete(key);
    this.publish(key, undefined);
  }

  /** Applies a change made elsewhere, without publishing it again. */
  apply(key: string, value: unknown): void {
    super.set(key, value);
  }

  load(snapshot: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(snapshot)) super.set(k, v);
  }
}
