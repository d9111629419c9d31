/** Reconnect delays: `baseMs`, doubling per failed attempt up to `maxMs`, with ±20 % jitter. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {}

  next(): number {
    const ms = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt++);
    return Math.round(ms * (0.8 + Math.random() * 0.4));
  }

  reset(): void {
    this.attempt = 0;
  }
}
