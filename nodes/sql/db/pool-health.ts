import { sqlError } from './sql-error.js';
import { StatusHub } from './sql-db.js';
import { PROBE_MS } from './common-config.js';

/**
 * The connection state of a pool, learned from what its statements meet: a statement that cannot
 * reach the server marks it down and starts a probe (`SELECT 1` every 2 s) that marks it up again.
 * Pools reconnect by themselves (every statement takes a connection, a broken one is dropped), so
 * this only keeps the badge and /healthz true.
 */
export class PoolHealth {
  readonly hub = new StatusHub();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly probe: () => Promise<unknown>) {}

  start(): void {
    void this.check();
  }

  /** Runs `work`, turning driver errors into coded ones and updating the state. */
  async track<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      const out = await work();
      if (this.hub.get().state !== 'connected') this.hub.set({ state: 'connected' });
      return out;
    } catch (err) {
      const coded = sqlError(err, what);
      if (coded.code === 'sql_unavailable') this.down(coded.message);
      throw coded;
    }
  }

  private down(message: string): void {
    if (this.closed) return;
    const was = this.hub.get().state;
    this.hub.set({ state: was === 'connecting' ? 'connecting' : 'reconnecting', message });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.check();
    }, PROBE_MS);
  }

  private async check(): Promise<void> {
    if (this.closed) return;
    try {
      await this.probe();
      this.hub.set({ state: 'connected' });
    } catch (err) {
      this.down(sqlError(err, 'connect').message);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.hub.set({ state: 'closed' });
  }
}
