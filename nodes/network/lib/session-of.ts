import type { FlowMessage } from '@millwright/model';

/** The session id `msg._session` names when it is of `type` ('tcp', 'websocket'), as Node-RED's nodes set it. */
export function sessionIdOf(msg: FlowMessage, type: 'tcp' | 'websocket'): string | undefined {
  const s = msg['_session'];
  if (!s || typeof s !== 'object') return undefined;
  const id: unknown = Reflect.get(s, 'id');
  return Reflect.get(s, 'type') === type && typeof id === 'string' ? id : undefined;
}
