import { z } from 'zod';
import { requireEndpoint, wsEndpointFields } from '../lib/ws-node-config.js';

/** Config of the websocket-in node. */
export const websocketInConfig = z.object({ ...wsEndpointFields }).superRefine(requireEndpoint);

export type WebsocketInConfig = z.output<typeof websocketInConfig>;
