import { UserError } from '@millwright/model';
import { connectionBadge, type NodeContext } from '@millwright/sdk';
import type { ModbusConnection } from '../modbus-client/modbus-connection.js';

/** The connection of the referenced modbus-client config node; UserError if it is not running. */
export function clientOf(ctx: NodeContext, configId: string): ModbusConnection {
  const connection = ctx.configNode<ModbusConnection>(configId);
  if (!connection)
    throw new UserError('modbus_client_missing', `Modbus client "${configId}" is not deployed or failed to start`);
  return connection;
}

/** Mirrors the connection state on the node's badge (as every connecting family does); returns the unsubscribe. */
export function mirrorStatus(ctx: NodeContext, connection: ModbusConnection): () => void {
  return connection.onStatus((s) => {
    if (s.state !== 'closed') ctx.status(connectionBadge(s));
  });
}
