/** Node's longest timer delay; longer ones would fire at once. */
const MAX_DELAY = 2_147_483_647;

/**
 * The host side of `setTimeout`/`setInterval` inside the sandbox: the isolate has no event loop of
 * its own, so each sandbox timer is a host timer that calls back into the isolate by id.
 */
export class HostTimers {
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly limit: number,
    private readonly onFire: (id: number, repeat: boolean, owner: number) => void,
  ) {}

  get size(): number {
    return this.timers.size;
  }

  /** Starts timer `id`; false (and nothing started) when `limit` timers are already running. */
  set(args: { id: number; ms: number; repeat: boolean; owner: number }): boolean {
    const { id, repeat, owner } = args;
    if (this.timers.size >= this.limit && !this.timers.has(id)) return false;
    this.clear(id);
    const ms = Math.min(Math.max(0, Number.isFinite(args.ms) ? args.ms : 0), MAX_DELAY);
    const fire = () => {
      if (!repeat) this.timers.delete(id);
      this.onFire(id, repeat, owner);
    };
    this.timers.set(id, repeat ? setInterval(fire, Math.max(1, ms)) : setTimeout(fire, ms));
    return true;
  }

  clear(id: number): void {
    const t = this.timers.get(id);
    if (t === undefined) return;
    clearTimeout(t);
    this.timers.delete(id);
  }

  clearAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
