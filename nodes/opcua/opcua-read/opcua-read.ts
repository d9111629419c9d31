import type { FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { nodeIdOnServer } from '../opcua-endpoint/namespaces.js';
import {
  endpointOf,
  enumNamesFor,
  nodeIdFrom,
  statusError,
  valueMessage,
  type OpcuaValueInfo,
} from '../opcua-endpoint/node-support.js';
import { nodeIdStatus } from '../opcua-endpoint/nodeid-status.js';
import { withTimeout } from '../opcua-endpoint/with-timeout.js';
import type { OpcuaReadConfig } from './config.js';

/** Reads the configured variables (or msg.topic) for each incoming message. */
export function createOpcuaRead(ctx: NodeContext<OpcuaReadConfig>): NodeHandlers {
  const connection = endpointOf(ctx, ctx.config.endpoint);
  const status = nodeIdStatus(ctx, connection);
  const { items, maxAgeMs } = ctx.config;

  return {
    async input(msg: FlowMessage) {
      const targets = items.length ? items : [{ nodeId: nodeIdFrom('', msg.topic), name: '' }];
      const session = await connection.session();
      const opcua = await import('node-opcua');
      const refuse = (nodeId: string, statusName: string) => {
        status.refused(nodeId, statusName);
        return statusError('read', nodeId, statusName);
      };
      const onServer = await Promise.all(targets.map((t) => nodeIdOnServer(session, t.nodeId)));
      const unknown = targets.find((_, i) => onServer[i] === undefined);
      if (unknown) throw refuse(unknown.nodeId, 'BadNamespaceUnknown');
      const values = await withTimeout(
        session.read(
          targets.map((t, i) => ({ nodeId: onServer[i] ?? t.nodeId, attributeId: opcua.AttributeIds.Value })),
          maxAgeMs,
        ),
        connection.requestTimeoutMs,
        `read of ${targets.length} variable(s) from ${connection.endpointUrl}`,
      );
      const names = await Promise.all(
        values.map((dv, i) => enumNamesFor(session, onServer[i] ?? '', dv, ctx.config.enumNames)),
      );
      const results = targets.map((t, i) => {
        const dv = values[i];
        if (!dv) throw refuse(t.nodeId, 'BadNoData');
        if (dv.statusCode.isBad()) throw refuse(t.nodeId, dv.statusCode.name);
        return { key: t.name || t.nodeId, ...valueMessage(t.nodeId, dv, names[i]) };
      });
      status.clear();
      const [only] = results;
      if (results.length === 1 && only) {
        ctx.send({ ...msg, topic: only.key, payload: only.payload, opcua: only.opcua });
        return;
      }
      const payload: Record<string, unknown> = {};
      const opcuaInfo: Record<string, OpcuaValueInfo> = {};
      for (const r of results) {
        payload[r.key] = r.payload;
        opcuaInfo[r.key] = r.opcua;
      }
      ctx.send({ ...msg, payload, opcua: opcuaInfo });
    },
    close() {
      status.close();
    },
  };
}
