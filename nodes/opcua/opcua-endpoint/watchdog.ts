import type { ClientSession, OPCUAClient } from 'node-opcua';

/** NodeId of Server_ServerStatus_State, which every server has. */
const SERVER_STATE = 'i=2259';
const VALUE_ATTRIBUTE = 13;

/**
 * Watches a session for a server that stopped answering with its socket still open (a frozen
 * PLC): reads the server state every `periodMs / 2` and calls `onLost` once when a read stays
 * unanswered for `periodMs / 2`, so the loss is known within `periodMs`. node-opcua's own
 * keep-alive waits for its read at least 5 s (its shortest transaction timeout), 15 s by default,
 * which made a frozen PLC take about 25 s to notice. A read that fails fast (closed socket, a
 * service fault) is left to node-opcua's reconnection. Returns the function that stops it.
 */
export function startWatchdog(args: {
  session: ClientSession;
  periodMs: number;
  onLost(why: string): void;
}): () => void {
  const half = Math.max(100, Math.floor(args.periodMs / 2));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (!stopped) timer = setTimeout(() => void ping(), half);
  };
  const ping = async () => {
    let wait: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      args.session.read({ nodeId: SERVER_STATE, attributeId: VALUE_ATTRIBUTE }).then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => (wait = setTimeout(() => resolve(false), half))),
    ]);
    clearTimeout(wait);
    if (stopped) return;
    if (answered) return schedule();
    stopped = true;
    args.onLost(`server did not answer for ${half} ms`);
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/**
 * Breaks the client's socket as a dead peer would, so node-opcua starts its usual reconnection
 * (and repairs or re-creates the session). This is what node-opcua's keep-alive does on a failed
 * read; the channel method is not part of its typed API, hence the lookup by name.
 */
export function breakConnection(client: OPCUAClient): void {
  const channel: unknown = Reflect.get(client, '_secureChannel');
  if (typeof channel !== 'object' || channel === null) return;
  const force: unknown = Reflect.get(channel, 'forceConnectionBreak');
  if (typeof force === 'function') Reflect.apply(force, channel, []);
}
