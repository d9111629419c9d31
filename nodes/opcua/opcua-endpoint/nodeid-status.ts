import type { NodeContext } from '@millwright/sdk';
import { explainStatus } from './error-text.js';
import { connectionBadge } from './node-support.js';
import type { OpcuaConnection } from './opcua-connection.js';

/** The status badge of an opcua-* node that names NodeIds: see `nodeIdStatus`. */
export interface NodeIdStatus {
  /** The server refused `nodeId` with `statusName` (BadNodeIdUnknown...): show it red, explained. */
  refused(nodeId: string, statusName: string): void;
  /** `nodeId` worked again: back to the connection badge once no NodeId is refused. */
  working(nodeId: string): void;
  /** Every NodeId worked (a read of all of them): back to the connection badge. */
  clear(): void;
  close(): void;
}

/**
 * Mirrors the connection state on the node's badge, except that while connected a NodeId the
 * server refused shows as a red dot with its status code explained (`BadNodeIdUnknown: the node
 * does not exist on the server (ns=1;s=X)`) instead of a green "connected" that hides the fault.
 */
export function nodeIdStatus(ctx: NodeContext, connection: OpcuaConnection): NodeIdStatus {
  const refused = new Map<string, string>();
  let shown = '';
  const show = () => {
    const state = connection.getStatus();
    const [first] = refused;
    const badge =
      state.state === 'connected' && first
        ? {
            fill: 'red' as const,
            shape: 'dot' as const,
            text: `${explainStatus(first[1])} (${first[0]}${refused.size > 1 ? ` and ${refused.size - 1} more` : ''})`,
          }
        : connectionBadge(state);
    const key = JSON.stringify(badge);
    if (state.state === 'closed' || key === shown) return;
    shown = key;
    ctx.status(badge);
  };
  const stop = connection.onStatus(show);
  return {
    refused(nodeId, statusName) {
      refused.set(nodeId, statusName);
      show();
    },
    working(nodeId) {
      if (refused.delete(nodeId)) show();
    },
    clear() {
      if (!refused.size) return;
      refused.clear();
      show();
    },
    close: stop,
  };
}
