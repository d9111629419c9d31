import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { endpointOf, enumNamesFor, valueMessage } from '../opcua-endpoint/node-support.js';
import { nodeIdStatus } from '../opcua-endpoint/nodeid-status.js';
import type { OpcuaSubscribeConfig } from './config.js';

/**
 * Monitors the configured variables and sends one message per notified change. The initial value
 * arrives first; after a reconnection or server restart the subscription is re-created by the
 * endpoint and values flow again.
 */
export function createOpcuaSubscribe(ctx: NodeContext<OpcuaSubscribeConfig>): NodeHandlers {
  const cfg = ctx.config;
  const connection = endpointOf(ctx, cfg.endpoint);
  const status = nodeIdStatus(ctx, connection);
  let queue = Promise.resolve();
  const handles = cfg.items.map((item) =>
    connection.monitor(
      {
        nodeId: item.nodeId,
        samplingInterval: cfg.samplingIntervalMs,
        publishingInterval: cfg.publishingIntervalMs,
        queueSize: cfg.queueSize,
        discardOldest: cfg.discardOldest,
        deadband: { type: cfg.deadbandType, value: cfg.deadbandValue },
      },
      {
        onValue(dv) {
          status.working(item.nodeId);
          // In order: the first enumeration value waits for the names (asked once per session).
          queue = queue
            .then(async () => {
              const names = cfg.enumNames
                ? await enumNamesFor(await connection.session(), item.nodeId, dv, true)
                : null;
              const { payload, opcua } = valueMessage(item.nodeId, dv, names);
              ctx.send(ctx.newMessage({ topic: item.name || item.nodeId, payload, opcua }));
            })
            .catch((err: unknown) => ctx.error(err));
        },
        onError(err) {
          const statusName: unknown = Reflect.get(err, 'statusCode');
          if (typeof statusName === 'string') status.refused(item.nodeId, statusName);
          ctx.error(err);
        },
      },
    ),
  );
  return {
    async close() {
      status.close();
      await Promise.all(handles.map((h) => h.close()));
    },
  };
}
