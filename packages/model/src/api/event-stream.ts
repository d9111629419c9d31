import type { RuntimeEvent, RuntimeEventType } from './events.js';

/** Sent by the server in place of events it had to drop because the client read too slowly. */
export interface DroppedNotice {
  type: 'dropped';
  /** Events dropped (oldest first) since the previous frame. */
  count: number;
}

/** Confirms a subscribe request; `types` is null when every type is streamed. */
export interface SubscribedNotice {
  type: 'subscribed';
  types: RuntimeEventType[] | null;
}

/**
 * One websocket frame on `/api/events`: a JSON array of events in emit order, batched every
 * ~50 ms, possibly led by a `dropped` notice.
 */
export type EventStreamFrame = Array<RuntimeEvent | DroppedNotice | SubscribedNotice>;

/**
 * Client -> server on `/api/events`: stream only these event types (`null` for all), and with
 * `nodes` only the events of these node ids (a dashboard page subscribes to its widgets).
 */
export interface SubscribeRequest {
  subscribe: RuntimeEventType[] | null;
  nodes?: string[] | null;
}
