import { UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { ClientSession } from 'node-opcua';
import { endpointOf, mirrorConnectionStatus, nodeIdFrom, statusError } from '../opcua-endpoint/node-support.js';
import { toVariant, typeName, WRITABLE_TYPES, type WritableType } from '../opcua-endpoint/variant.js';
import { withTimeout } from '../opcua-endpoint/with-timeout.js';
import type { OpcuaWriteConfig } from './config.js';

/** Writes msg.payload to a variable and passes the message on with the write result in msg.opcua. */
export function createOpcuaWrite(ctx: NodeContext<OpcuaWriteConfig>): NodeHandlers {
  const connection = endpointOf(ctx, ctx.config.endpoint);
  const stopStatus = mirrorConnectionStatus(ctx, connection);
  // Built-in type per NodeId for `auto`; a variable's type does not change while the server runs.
  const types = new Map<string, WritableType>();

  const typeOf = async (session: ClientSession, nodeId: string): Promise<WritableType> => {
    if (ctx.config.dataType !== 'auto') return ctx.config.dataType;
    const known = types.get(nodeId);
    if (known) return known;
    const opcua = await import('node-opcua');
    let builtin: number;
    try {
      builtin = await session.getBuiltInDataType(opcua.resolveNodeId(nodeId));
    } catch (err) {
      throw new UserError('opcua_write_refused', `cannot find the data type of ${nodeId}: ${String(err)}`, err);
    }
    const name = typeName(builtin);
    const writable = WRITABLE_TYPES.find((t) => t === name);
    if (!writable)
      throw new UserError(
        'opcua_unsupported_type',
        `${nodeId} has type ${name ?? builtin}, which this node cannot write`,
      );
    types.set(nodeId, writable);
    return writable;
  };

  return {
    async input(msg: FlowMessage) {
      const nodeId = nodeIdFrom(ctx.config.nodeId, msg.topic);
      if (msg.payload === undefined || msg.payload === null)
        throw new UserError('opcua_bad_value', `nothing to write to ${nodeId}: msg.payload is empty`);
      const session = await connection.session();
      const opcua = await import('node-opcua');
      const dataType = await typeOf(session, nodeId);
      const status = await withTimeout(
        session.write({
          nodeId,
          attributeId: opcua.AttributeIds.Value,
          value: { value: toVariant(msg.payload, dataType) },
        }),
        connection.requestTimeoutMs,
        `write of ${nodeId}`,
      );
      if (status.isBad()) throw statusError('write', nodeId, status.name);
      ctx.send({ ...msg, opcua: { nodeId, dataType, statusCode: status.name } });
    },
    close() {
      stopStatus();
    },
  };
}
