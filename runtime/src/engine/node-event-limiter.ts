import type { LogEvent, RuntimeEvent } from '@millwright/model';
import { DEFAULT_FLOW_LIMITS, type FlowLimits } from './flow-limits.js';

/** The event kinds a node sends at its own pace, each limited on its own. */
export type LimitedKind = 'log' | 'debug' | 'status' | 'error';
const LIMITED: ReadonlySet<string> = new Set<LimitedKind>(['log', 'debug', 'status', 'error']);
const WINDOW_MS = 1_000;

type Limits = Pick<FlowLimits, 'eventsPerSecond' | 'debugPerSecond' | 'debugBytesPerSecond' | 'logChars'>;

interface NodeTally {
  dropped: Partial<Record<LimitedKind, number>>;
  truncated: number;
}

/**
 * Caps what the nodes of one flow send to the runtime, in the flow's host before anything crosses
 * to the main process: at most `eventsPerSecond` log, status and error events per node and kind,
 * `debugPerSecond` debug events and `debugBytesPerSecond` of debug values (fixed one-second
 * windows; debug events are how tests and headless runs watch messages, so they get more room),
 * and text (log line, error message, status text) cut to `logChars` with a marker. Once a second, a `warn` log event per node that lost or cut something
 * says how much (`limited` carries the counts for /metrics and the editor), after the newest
 * status it dropped (so a node's badge ends up right). Flow-level events (no node id) and the
 * notices themselves pass unchanged.
 */
export class NodeEventLimiter {
  private window = 0;
  private readonly counts = new Map<string, number>();
  private readonly debugBytes = new Map<string, number>();
  /** The newest status dropped per node, sent with the report so a badge never stays stale. */
  private readonly lastStatus = new Map<string, RuntimeEvent>();
  private readonly tallies = new Map<string, NodeTally>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly flowId: string,
    private readonly emit: (e: RuntimeEvent) => void,
    private readonly limits: Limits = DEFAULT_FLOW_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Passes `e` on (cut if its text is too long), or drops it when its node is over the rate. */
  send(e: RuntimeEvent): void {
    const nodeId = 'nodeId' in e ? e.nodeId : undefined;
    if (nodeId === undefined || !LIMITED.has(e.type)) return this.emit(e);
    const kind = e.type as LimitedKind;
    const window = Math.floor(this.now() / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
      this.debugBytes.clear();
    }
    const key = `${kind}\0${nodeId}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count > (kind === 'debug' ? this.limits.debugPerSecond : this.limits.eventsPerSecond) || this.overBytes(e)) {
      const tally = this.tally(nodeId);
      tally.dropped[kind] = (tally.dropped[kind] ?? 0) + 1;
      if (kind === 'status') this.lastStatus.set(nodeId, e);
      return;
    }
    const cut = this.cut(e);
    if (cut !== e) this.tally(nodeId).truncated++;
    this.emit(cut);
  }

  /** Counts a debug event's value against its node's bytes for this second; true when over. */
  private overBytes(e: RuntimeEvent): boolean {
    if (e.type !== 'debug') return false;
    const used = this.debugBytes.get(e.nodeId) ?? 0;
    const left = this.limits.debugBytesPerSecond - used;
    const size = approxSize(e.value, left + 1);
    if (size > left) return true;
    this.debugBytes.set(e.nodeId, used + size);
    return false;
  }

  /** Reports what is still counted (the flow stops) and stops the timer. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.report();
  }

  private tally(nodeId: string): NodeTally {
    let t = this.tallies.get(nodeId);
    if (!t) {
      t = { dropped: {}, truncated: 0 };
      this.tallies.set(nodeId, t);
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.report();
      }, WINDOW_MS);
      this.timer.unref?.();
    }
    return t;
  }

  private report(): void {
    for (const e of this.lastStatus.values()) this.emit(this.cut(e));
    this.lastStatus.clear();
    for (const [nodeId, { dropped, truncated }] of this.tallies) {
      const lost = Object.entries(dropped).map(([kind, n]) => `${n} ${kind}`);
      const parts = [
        ...(lost.length
          ? [
              `dropped ${lost.join(', ')} event(s) (per node and second: ${this.limits.eventsPerSecond} log, status, error events each; ${this.limits.debugPerSecond} debug events, ${this.limits.debugBytesPerSecond} bytes of debug values)`,
            ]
          : []),
        ...(truncated ? [`cut ${truncated} text(s) to ${this.limits.logChars} characters`] : []),
      ];
      const notice: LogEvent = {
        type: 'log',
        time: this.now(),
        level: 'warn',
        flowId: this.flowId,
        nodeId,
        message: `output limit: ${parts.join('; ')}`,
        limited: { dropped, truncated },
      };
      this.emit(notice);
    }
    this.tallies.clear();
  }

  private cut(e: RuntimeEvent): RuntimeEvent {
    const max = this.limits.logChars;
    switch (e.type) {
      case 'log':
        return e.message.length > max ? { ...e, message: cutText(e.message, max) } : e;
      case 'status':
        return e.status?.text !== undefined && e.status.text.length > max
          ? { ...e, status: { ...e.status, text: cutText(e.status.text, max) } }
          : e;
      case 'error': {
        const { message, stack } = e.error;
        if (message.length <= max && (stack === undefined || stack.length <= max)) return e;
        return {
          ...e,
          error: {
            ...e.error,
            message: message.length > max ? cutText(message, max) : message,
            ...(stack !== undefined ? { stack: stack.length > max ? cutText(stack, max) : stack } : {}),
          },
        };
      }
      default:
        return e;
    }
  }
}

/** About the JSON size of `value` (strings and keys by length, 8 per other leaf); stops counting past `limit`. */
export function approxSize(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length && size <= limit) {
    const v = stack.pop();
    if (typeof v === 'string') size += v.length + 2;
    else if (Array.isArray(v)) {
      size += 2 + v.length;
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        size += k.length + 4;
        stack.push(x);
      }
    } else size += 8;
  }
  return size;
}

/** `text` cut to `max` characters, with a marker saying how much was cut. */
export function cutText(text: string, max: number): string {
  return `${text.slice(0, max)}… [truncated ${text.length - max} chars]`;
}
