/**
 * The Sparkplug 3.0 "Reorder Timeout" of a host application: a message whose seq is ahead of the
 * one due is held; if the missing ones arrive within the timeout, everything is released in seq
 * order and nothing was lost; if not, the held messages are released when the timeout elapses and
 * the host tracker sees the gap (and asks for a rebirth). Births restart the numbering, deaths
 * release what is held first. Pure: the caller passes the clock and calls `expire` on a timer.
 */
export class ReorderBuffer<T> {
  private readonly edges = new Map<string, { due: number | undefined; held: Map<number, T>; since?: number }>();

  constructor(readonly timeoutMs: number) {}

  /**
   * Takes one message of edge node `key` and returns those to process now, in order. `seq` is
   * undefined for messages without one (NDEATH); `birth` for NBIRTH.
   */
  push(key: string, seq: number | undefined, item: T, birth: boolean, now: number): T[] {
    let e = this.edges.get(key);
    if (!e) this.edges.set(key, (e = { due: undefined, held: new Map() }));
    if (birth) {
      // A new numbering: what was held belongs to the old one; let the tracker judge it first.
      const old = this.release(e);
      e.due = ((seq ?? 0) + 1) % 256;
      return [...old, item];
    }
    if (seq === undefined) return [...this.release(e), item];
    if (e.due === undefined || seq === e.due) {
      const out = [item];
      let next = (seq + 1) % 256;
      for (let held = e.held.get(next); held !== undefined; held = e.held.get(next)) {
        e.held.delete(next);
        out.push(held);
        next = (next + 1) % 256;
      }
      e.due = next;
      if (!e.held.size) delete e.since;
      return out;
    }
    e.held.set(seq, item);
    e.since ??= now;
    return [];
  }

  /** Messages of edge nodes whose wait is over (`timeoutMs` since the first one held), in order. */
  expire(now: number): T[] {
    const out: T[] = [];
    for (const e of this.edges.values())
      if (e.since !== undefined && now - e.since >= this.timeoutMs) out.push(...this.release(e));
    return out;
  }

  /** When the next wait ends, or undefined when nothing is held. */
  nextExpiry(): number | undefined {
    const since = [...this.edges.values()].flatMap((e) => (e.since !== undefined ? [e.since] : []));
    return since.length ? Math.min(...since) + this.timeoutMs : undefined;
  }

  /** Everything held for one edge node, in seq order counted from the one due; the next due follows the last. */
  private release(e: { due: number | undefined; held: Map<number, T>; since?: number }): T[] {
    if (!e.held.size) return [];
    const from = e.due ?? 0;
    const seqs = [...e.held.keys()].sort((a, b) => ((a - from + 256) % 256) - ((b - from + 256) % 256));
    const out = seqs.flatMap((s) => {
      const item = e.held.get(s);
      return item === undefined ? [] : [item];
    });
    e.due = ((seqs.at(-1) ?? 0) + 1) % 256;
    e.held.clear();
    delete e.since;
    return out;
  }
}
