/** The message of an error, without node-opcua's multi-line decorations. */
export function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]?.trim() || 'unknown error';
}

/** What the common Bad status codes mean for a flow author, in words a status badge can show. */
const EXPLANATIONS: Record<string, string> = {
  BadNodeIdUnknown: 'the node does not exist on the server',
  BadNodeIdInvalid: 'the server cannot use this NodeId (wrong syntax or identifier type)',
  BadNamespaceUnknown: 'the server has no namespace with this URI or index',
  BadAttributeIdInvalid: 'the node has no such attribute (is it a variable?)',
  BadNotReadable: 'the variable may not be read',
  BadNotWritable: 'the variable may not be written',
  BadUserAccessDenied: 'the user of this endpoint is not allowed to do this',
  BadTypeMismatch: 'the value has the wrong data type for this variable',
  BadOutOfRange: 'the value is outside the range the variable accepts',
  BadIndexRangeInvalid: 'the index range is not valid for this variable',
  BadWriteNotSupported: 'the server does not support this kind of write',
  BadMonitoredItemFilterUnsupported: 'the server does not support this deadband filter',
  BadFilterNotAllowed: 'a deadband filter is not allowed on this variable (percent needs an analog item)',
  BadDeadbandFilterInvalid: 'the deadband filter is not valid for this variable',
  BadTooManyMonitoredItems: 'the server monitors no more items in this subscription',
  BadTooManySubscriptions: 'the server allows no more subscriptions',
  BadSessionIdInvalid: 'the session has expired or was closed by the server',
  BadTimeout: 'the server did not answer in time',
  BadNoCommunication: 'the server has lost contact with the device',
  BadWaitingForInitialData: 'the server has no value from the device yet',
  BadDeviceFailure: 'the device behind the variable has failed',
  BadSensorFailure: 'the sensor behind the variable has failed',
  BadOutOfService: 'the variable is out of service',
  BadTooManyOperations: 'the request has more operations than the server accepts',
  BadNoData: 'the server returned no value',
  BadInvalidArgument: 'the method refused an input argument value',
  BadArgumentsMissing: 'the method needs more input arguments',
  BadTooManyArguments: 'the method takes fewer input arguments',
  BadMethodInvalid: 'the method is not a method of this object',
  BadNotExecutable: 'the method may not be called now',
  BadHistoryOperationUnsupported: 'the server keeps no history for this node',
  BadEventIdUnknown: 'the EventId is not the latest event of the condition',
  BadConditionBranchAlreadyAcked: 'the condition is already acknowledged',
  BadConditionBranchAlreadyConfirmed: 'the condition is already confirmed',
};

/**
 * A status code name with what it means, e.g. `BadNodeIdUnknown: the node does not exist on the
 * server`; an unknown name is returned as it is.
 */
export function explainStatus(statusName: string): string {
  const explanation = EXPLANATIONS[statusName];
  return explanation ? `${statusName}: ${explanation}` : statusName;
}
