import { z } from 'zod';
import { maxBufferedBytes, maxMessageBytes, reconnectFields } from '../lib/schema.js';

/** Config of a websocket client connection, used by websocket-in and websocket-out nodes. */
export const websocketClientConfig = z.object({
  url: z
    .string()
    .trim()
    .regex(/^wss?:\/\/[^\s/]+/, 'must look like ws://host:port/path (or wss://)')
    .meta({
      description: 'Server URL; `wss://` uses TLS. The outbound policy (settings.json `outbound`) applies.',
      examples: ['ws://10.20.0.15:8080/ws', 'wss://mes.plant.local/events'],
    }),
  subprotocol: z
    .string()
    .trim()
    .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]*$/, 'a subprotocol is one token')
    .default('')
    .meta({ description: 'Subprotocol to ask for (Sec-WebSocket-Protocol); empty: none.' }),
  wholeMessage: z.boolean().default(false).meta({
    description:
      'Frames carry whole messages as JSON (sent: the message without _session; received: JSON objects become the message). Off: only msg.payload.',
  }),
  tls: z
    .object({
      caFile: z
        .string()
        .default('')
        .meta({ description: 'PEM file of the CA that signed the server certificate (wss://); empty: system CAs.' }),
      rejectUnauthorized: z
        .boolean()
        .default(true)
        .meta({ description: 'Refuse servers whose certificate does not verify.' }),
    })
    .default({ caFile: '', rejectUnauthorized: true })
    .meta({ description: 'TLS settings, used with wss:// URLs.', advanced: true }),
  maxMessageBytes: maxMessageBytes(),
  maxBufferedBytes: maxBufferedBytes(),
  pingIntervalMs: z.number().int().min(0).max(3_600_000).default(30_000).meta({
    description: 'Ping the server this often; no answer to the last ping: reconnect. 0: never.',
    advanced: true,
  }),
  ...reconnectFields(),
  required: z.boolean().default(true).meta({
    description:
      'Health: while this connection is down longer than the grace period, /healthz reports the runtime `degraded`, naming it.',
    advanced: true,
  }),
});

export type WebsocketClientConfig = z.output<typeof websocketClientConfig>;
