import type { FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { ClientSession } from 'node-opcua';
import { nodeIdOnServer } from '../opcua-endpoint/namespaces.js';
import { endpointOf, mirrorConnectionStatus, statusError } from '../opcua-endpoint/node-support.js';
import { withTimeout } from '../opcua-endpoint/with-timeout.js';
import { browseChildren, OBJECTS_FOLDER, type BrowsedNode } from './browse-children.js';
import type { OpcuaBrowseConfig } from './config.js';

/** A browsed node with its subtree, when the browse went deeper than one level. */
export interface BrowsedTreeNode extends BrowsedNode {
  children?: BrowsedTreeNode[];
}

/** Browses the address space below a node for each incoming message; msg.payload is the list of children. */
export function createOpcuaBrowse(ctx: NodeContext<OpcuaBrowseConfig>): NodeHandlers {
  const connection = endpointOf(ctx, ctx.config.endpoint);
  const stopStatus = mirrorConnectionStatus(ctx, connection);
  const { depth, maxNodes } = ctx.config;

  return {
    async input(msg: FlowMessage) {
      const root =
        ctx.config.nodeId || (typeof msg.topic === 'string' && msg.topic.trim() ? msg.topic.trim() : OBJECTS_FOLDER);
      const session = await connection.session();
      const start = await nodeIdOnServer(session, root);
      if (start === undefined) throw statusError('browse', root, 'BadNamespaceUnknown');
      const budget = { left: maxNodes, truncated: false };
      const tree = await withTimeout(
        descend(session, start, depth, budget),
        connection.requestTimeoutMs * depth,
        `browse of ${root}`,
      );
      ctx.send({ ...msg, topic: root, payload: tree, ...(budget.truncated ? { truncated: true } : {}) });
    },
    close() {
      stopStatus();
    },
  };
}

async function descend(
  session: ClientSession,
  nodeId: string,
  levels: number,
  budget: { left: number; truncated: boolean },
): Promise<BrowsedTreeNode[]> {
  const children: BrowsedTreeNode[] = await browseChildren(session, nodeId);
  if (children.length > budget.left) {
    budget.truncated = true;
    children.length = budget.left;
  }
  budget.left -= children.length;
  if (levels <= 1) return children;
  for (const child of children) {
    if (!child.hasChildren) continue;
    if (budget.left <= 0) {
      budget.truncated = true;
      break;
    }
    child.children = await descend(session, child.nodeId, levels - 1, budget);
  }
  return children;
}
