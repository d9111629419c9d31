/**
 * The STATE message of a Sparkplug 3.0 host application: retained JSON `{"online":bool,"timestamp":ms}`
 * on `spBv1.0/STATE/<hostId>`. The host publishes it (birth after connect, the offline one as its
 * will and before a clean disconnect); edge nodes configured with a primary host follow it.
 */
export interface HostState {
  online: boolean;
  /** ms since the epoch: the host's connect time (birth and will), or its disconnect time. */
  timestamp: number;
}

/** The JSON payload of a STATE message. */
export function encodeHostState(state: HostState): Buffer {
  return Buffer.from(JSON.stringify({ online: state.online, timestamp: state.timestamp }));
}

/** Reads a STATE payload; undefined when it is not `{ online: boolean, timestamp: number }`. */
export function parseHostState(bytes: Uint8Array): HostState | undefined {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const online: unknown = Reflect.get(v, 'online');
  const timestamp: unknown = Reflect.get(v, 'timestamp');
  if (typeof online !== 'boolean' || typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return undefined;
  return { online, timestamp };
}

/**
 * An edge node's view of its primary host. A STATE message older than the newest one seen is
 * ignored (a late will of an earlier host session must not take down the current one); the
 * newest decides whether the host is online. The view outlives reconnections.
 */
export class PrimaryHostWatch {
  private newest = Number.NEGATIVE_INFINITY;
  private state = false;

  get online(): boolean {
    return this.state;
  }

  /** `online`/`offline` for a STATE message that counts, `stale` for one older than the newest seen. */
  observe(s: HostState): 'online' | 'offline' | 'stale' {
    if (s.timestamp < this.newest) return 'stale';
    this.newest = s.timestamp;
    this.state = s.online;
    return s.online ? 'online' : 'offline';
  }
}
