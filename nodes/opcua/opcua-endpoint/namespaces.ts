import { toNamespaceIndexNodeId } from '@millwright/model';
import type { ClientSession } from 'node-opcua';

// One NamespaceArray read per session: a new session (reconnect, other server) reads it again.
const arrays = new WeakMap<ClientSession, Promise<string[]>>();

/** The server's NamespaceArray (index -> URI), read once per session. */
export function namespaceArray(session: ClientSession): Promise<string[]> {
  let array = arrays.get(session);
  if (!array) {
    array = session.readNamespaceArray();
    arrays.set(session, array);
    array.catch(() => arrays.delete(session));
  }
  return array;
}

/**
 * `nodeId` as this session's server indexes it: a `nsu=<uri>;` NodeId becomes `ns=<index>;` (node-opcua
 * resolves `nsu=` only when handed the array), any other form is returned as written. Undefined
 * when the server has no namespace with that URI (`BadNamespaceUnknown` for the caller).
 */
export async function nodeIdOnServer(session: ClientSession, nodeId: string): Promise<string | undefined> {
  if (!nodeId.trimStart().startsWith('nsu=')) return nodeId;
  try {
    return toNamespaceIndexNodeId(nodeId, await namespaceArray(session));
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}
