import { OperationalError, opcuaNodeIdProblem, UserError, type NodeStatus } from '@millwright/model';
import { connectionBadge as sharedBadge, type NodeContext } from '@millwright/sdk';
import type { ClientSession, DataValue } from 'node-opcua';
import { variableEnumNames } from './data-types.js';
import { explainStatus } from './error-text.js';
import { nodeIdOnServer } from './namespaces.js';
import type { ConnectionStatus, OpcuaConnection } from './opcua-connection.js';
import { fromVariant, typeName, type EnumNames } from './variant.js';

/** What the opcua-* nodes put in `msg.opcua` next to the value in `msg.payload`. */
export interface OpcuaValueInfo {
  nodeId: string;
  /** Built-in type name of the value, e.g. `Double`. */
  dataType: string;
  /** `Good`, `Uncertain...` or `Bad...` status code name. */
  statusCode: string;
  /** A matrix's dimensions (the payload is nested arrays of them), e.g. `[2, 3]`. */
  dimensions?: number[];
  sourceTimestamp?: Date;
  serverTimestamp?: Date;
}

/** The connection of the referenced opcua-endpoint config node; UserError if it is not running. */
export function endpointOf(ctx: NodeContext, configId: string): OpcuaConnection {
  const connection = ctx.configNode<OpcuaConnection>(configId);
  if (!connection)
    throw new UserError('opcua_endpoint_missing', `OPC UA endpoint "${configId}" is not deployed or failed to start`);
  return connection;
}

export function connectionBadge(s: ConnectionStatus): NodeStatus | null {
  return sharedBadge(s);
}

/** Mirrors the connection state on the node's status badge; returns the unsubscribe function. */
export function mirrorConnectionStatus(ctx: NodeContext, connection: OpcuaConnection): () => void {
  return connection.onStatus((s) => {
    if (s.state !== 'closed') ctx.status(connectionBadge(s));
  });
}

/**
 * Payload and `msg.opcua` of a DataValue read or notified for `nodeId`; with `enumNames` (see
 * `enumNamesFor`) an enumeration value becomes `{ value, name }`.
 */
export function valueMessage(
  nodeId: string,
  dv: DataValue,
  enumNames?: EnumNames | null,
): { payload: unknown; opcua: OpcuaValueInfo } {
  const info: OpcuaValueInfo = {
    nodeId,
    dataType: typeName(dv.value?.dataType ?? 0) ?? 'Null',
    statusCode: dv.statusCode.name,
  };
  const dims = dv.value?.dimensions;
  if (dv.value?.arrayType === 2 && dims && dims.length > 1) info.dimensions = [...dims];
  if (dv.sourceTimestamp) info.sourceTimestamp = dv.sourceTimestamp;
  if (dv.serverTimestamp) info.serverTimestamp = dv.serverTimestamp;
  return { payload: fromVariant(dv.value, { enumNames }), opcua: info };
}

/**
 * The enumeration names for a value of `nodeId` when the node gives them (`enabled`) and the value
 * is an Int32 (how enumerations travel): looked up once per session from the variable's DataType.
 * A failed lookup leaves the number bare rather than failing the read.
 */
export async function enumNamesFor(
  session: ClientSession,
  nodeId: string,
  dv: DataValue,
  enabled: boolean,
): Promise<EnumNames | null> {
  if (!enabled || dv.value?.dataType !== 6 || dv.statusCode.isBad()) return null;
  try {
    const onServer = await nodeIdOnServer(session, nodeId);
    return onServer === undefined ? null : await variableEnumNames(session, onServer);
  } catch {
    return null;
  }
}

const USER_FAULTS = new Set([
  'BadNodeIdUnknown',
  'BadNodeIdInvalid',
  'BadNamespaceUnknown',
  'BadAttributeIdInvalid',
  'BadNotReadable',
  'BadNotWritable',
  'BadUserAccessDenied',
  'BadTypeMismatch',
  'BadOutOfRange',
  'BadIndexRangeInvalid',
  'BadWriteNotSupported',
  // method calls (opcua-method)
  'BadArgumentsMissing',
  'BadTooManyArguments',
  'BadInvalidArgument',
  'BadMethodInvalid',
  'BadNotExecutable',
  // history reads of a variable that keeps none (opcua-history)
  'BadHistoryOperationUnsupported',
  'BadHistoryOperationInvalid',
  // acknowledge / confirm (opcua-events)
  'BadConditionBranchAlreadyAcked',
  'BadConditionBranchAlreadyConfirmed',
  'BadConditionAlreadyDisabled',
  'BadConditionDisabled',
  'BadEventIdUnknown',
]);

/**
 * The error for a Bad status code: a UserError for faults of the flow (unknown NodeId, not
 * writable, wrong type or range, bad method arguments, no history, alarm already acknowledged),
 * an OperationalError for the rest (server busy, timeouts).
 */
export function statusError(operation: string, nodeId: string, statusName: string): Error {
  const message = `${operation} ${nodeId} failed: ${explainStatus(statusName)}`;
  return USER_FAULTS.has(statusName)
    ? new UserError(`opcua_${operation}_refused`, message)
    : new OperationalError(`opcua_${operation}_failed`, message);
}

/** The NodeId from config, else from `msg.topic`; UserError when neither is set. */
export function nodeIdFrom(configured: string, topic: unknown): string {
  const id = configured.trim() || (typeof topic === 'string' ? topic.trim() : '');
  if (!id) throw new UserError('opcua_nodeid_missing', 'no NodeId: set it in the node or send it in msg.topic');
  const problem = opcuaNodeIdProblem(id);
  if (problem) throw new UserError('opcua_nodeid_invalid', `"${id}" is not a NodeId: ${problem}`);
  return id;
}
