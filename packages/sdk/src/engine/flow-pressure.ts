/** Queue limits of one flow (`EngineHost.queueLimits`). */
export interface QueueLimits {
  /**
   * Messages queued in the flow (node mailboxes plus what nodes hold, such as a function node's
   * awaiting messages) at which its sources pause: `ctx.flow.whenWritable()` waits until the
   * queue is back to half of it. Default 10,000.
   */
  highWater: number;
  /**
   * Most messages one node's mailbox holds. A message sent to a full mailbox is refused with the
   * error `mailbox_full`, routed to catch nodes: a source that ignores back-pressure loses nothing
   * silently and cannot exhaust memory. Default 100,000.
   */
  mailboxLimit: number;
}

export const DEFAULT_QUEUE_LIMITS: QueueLimits = { highWater: 10_000, mailboxLimit: 100_000 };

/**
 * Back-pressure state of one flow. It turns high when the queued messages reach the high-water
 * mark and back to normal only at half of it, so paused sources do not flap on and off.
 */
export class FlowPressure {
  private waiters: Array<() => void> = [];
  high = false;
  queued = 0;

  constructor(
    private readonly highWater: number,
    private readonly onChange: (high: boolean, queued: number) => void,
  ) {}

  /** Takes a new count of the flow's queued messages. */
  update(queued: number): void {
    this.queued = queued;
    if (!this.high && queued >= this.highWater) {
      this.high = true;
      this.onChange(true, queued);
    } else if (this.high && queued <= this.highWater / 2) {
      this.high = false;
      this.onChange(false, queued);
      this.release();
    }
  }

  /** Resolves at once while the flow takes messages, else when its queue is back to half the high-water mark. */
  whenWritable(): Promise<void> {
    return this.high ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }

  /** Lets every waiting source go on (also when the flow stops, so a paused source can end). */
  release(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
