import { z } from 'zod';
import { requireEndpoint, wsEndpointFields } from '../lib/ws-node-config.js';

/** Config of the websocket-out node. */
export const websocketOutConfig = z.object({ ...wsEndpointFields }).superRefine(requireEndpoint);

export type WebsocketOutConfig = z.output<typeof websocketOutConfig>;
