import type { NodeStatus } from '@millwright/model';

/** Lifecycle of a config node's connection (broker, OPC UA session), as nodes show it. */
export interface ConnectionStatus {
  state: 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';
  /** Why the connection is not up. */
  message?: string;
}

/**
 * The status badge every connecting node shows for its connection state, so all protocol
 * families look alike on the canvas: green dot connected, yellow ring connecting, red ring
 * lost, red dot failed; `null` (no badge) once closed. `failedText` is used when a failure has no message.
 */
export function connectionBadge(s: ConnectionStatus, failedText = 'failed'): NodeStatus | null {
  switch (s.state) {
    case 'connected':
      return { fill: 'green', shape: 'dot', text: 'connected' };
    case 'connecting':
      return { fill: 'yellow', shape: 'ring', text: s.message ? `connecting: ${s.message}` : 'connecting' };
    case 'reconnecting':
      return { fill: 'red', shape: 'ring', text: `disconnected: ${s.message ?? 'reconnecting'}` };
    case 'failed':
      return { fill: 'red', shape: 'dot', text: s.message ?? failedText };
    case 'closed':
      return null;
  }
}
