import { z } from 'zod';
import { listenHost, maxBufferedBytes, maxConnections, maxMessageBytes, port } from '../lib/schema.js';

/** Config of a websocket server endpoint, used by websocket-in and websocket-out nodes. */
export const websocketListenerConfig = z.object({
  host: listenHost(),
  port: port('Port of this endpoint. It is its own server, not the runtime port (see the node docs).'),
  path: z
    .string()
    .regex(/^\/[^?#\s]*$/, 'a path starts with / and has no query, fragment or spaces')
    .default('/ws')
    .meta({ description: 'Path clients connect to: `ws://<host>:<port><path>`.', examples: ['/ws', '/ws/line1'] }),
  wholeMessage: z.boolean().default(false).meta({
    description:
      'Frames carry whole messages as JSON (sent: the message without _session; received: JSON objects become the message). Off: only msg.payload.',
  }),
  maxMessageBytes: maxMessageBytes(),
  maxConnections: maxConnections(),
  maxBufferedBytes: maxBufferedBytes(),
  pingIntervalMs: z.number().int().min(0).max(3_600_000).default(30_000).meta({
    description: 'Ping every client this often; a client that missed the last ping is disconnected. 0: never.',
    advanced: true,
  }),
});

export type WebsocketListenerConfig = z.output<typeof websocketListenerConfig>;

/** Optional shared secret clients must present. */
export const websocketListenerCredentials = z.object({
  token: z.string().optional().meta({
    description:
      'If set, a client must send `Authorization: Bearer <token>` (or `?access_token=<token>` where it cannot set headers); others get 401.',
    secret: true,
  }),
});

export type WebsocketListenerCredentials = z.output<typeof websocketListenerCredentials>;
