import type { FlowMessage } from '@millwright/model';
import { UserError } from '@millwright/model';
import type { ClientSession } from 'node-opcua';
import { statusError } from '../opcua-endpoint/node-support.js';

export type ConditionAction = 'acknowledge' | 'confirm';

/** What an input message asks: acknowledge or confirm the event `eventId` of `conditionId`. */
export interface ConditionRequest {
  action: ConditionAction;
  conditionId: string;
  eventId: Uint8Array;
  comment: string;
}

/**
 * Reads the request from `msg.payload` (`{ action, eventId, conditionId, comment }`; the field
 * names of an event message, `EventId` and `ConditionId`, are accepted too, so an event can be
 * sent back with an action). UserError `opcua_condition_input_invalid` when something is missing.
 */
export function conditionRequestOf(msg: FlowMessage): ConditionRequest {
  const p = msg.payload;
  const bad = (why: string) => new UserError('opcua_condition_input_invalid', `cannot acknowledge or confirm: ${why}`);
  if (typeof p !== 'object' || p === null || Array.isArray(p))
    throw bad('msg.payload must be { action, eventId, conditionId, comment }');
  const get = (...keys: string[]): unknown => keys.map((k) => Reflect.get(p, k)).find((v) => v !== undefined);
  const action = get('action');
  if (action !== 'acknowledge' && action !== 'confirm')
    throw bad(`action must be "acknowledge" or "confirm", not ${JSON.stringify(action) ?? 'missing'}`);
  const conditionId = get('conditionId', 'ConditionId');
  if (typeof conditionId !== 'string' || !conditionId.trim()) throw bad('conditionId (a NodeId string) is missing');
  const eventId = bytesOf(get('eventId', 'EventId'));
  if (!eventId) throw bad('eventId (the EventId of the event: bytes, hex or base64) is missing');
  const comment = get('comment');
  return { action, conditionId: conditionId.trim(), eventId, comment: typeof comment === 'string' ? comment : '' };
}

/** EventId as bytes: Uint8Array/Buffer, an array of bytes, a hex string or base64. */
function bytesOf(v: unknown): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) return Uint8Array.from(v);
  if (typeof v !== 'string' || !v) return undefined;
  return /^(?:[0-9a-f]{2})+$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
}

/**
 * Calls the condition's Acknowledge or Confirm method. A Bad status (already acknowledged, event
 * unknown, no Confirm on this alarm) raises `opcua_acknowledge_refused` / `opcua_confirm_refused`
 * (UserError) or `..._failed` (OperationalError), naming the status.
 */
export async function applyConditionAction(session: ClientSession, req: ConditionRequest): Promise<string> {
  const opcua = await import('node-opcua');
  const conditionId = opcua.coerceNodeId(req.conditionId);
  const eventId = Buffer.from(req.eventId);
  const status =
    req.action === 'acknowledge'
      ? await session.acknowledgeCondition(conditionId, eventId, req.comment)
      : await session.confirmCondition(conditionId, eventId, req.comment);
  if (status.isBad()) throw statusError(req.action, req.conditionId, status.name);
  return status.name;
}
