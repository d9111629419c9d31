import { z } from 'zod';
import { maxBufferedBytes, maxConnections, port, reconnectFields } from '../lib/schema.js';

/** Config of the tcp-out node. */
export const tcpOutConfig = z
  .object({
    mode: z.enum(['reply', 'client', 'server']).default('reply').meta({
      description:
        'reply: answer on the connection a tcp-in node received the message on (msg._session; without it, every tcp-in connection of the flow). client: connect to `host:port` (outbound policy applies). server: listen on `host:port` and send to every connected client.',
    }),
    host: z
      .string()
      .trim()
      .default('127.0.0.1')
      .meta({
        description: 'client: the host to connect to. server: the address to listen on (`0.0.0.0`: every network).',
        showWhen: { mode: ['client', 'server'] },
      }),
    port: z
      .number()
      .int()
      .min(0)
      .max(65_535)
      .default(0)
      .meta({ description: 'TCP port to connect to or listen on.', showWhen: { mode: ['client', 'server'] } }),
    closeAfterSend: z
      .boolean()
      .default(false)
      .meta({
        description: 'Close the connection after each message (client: connect, send, close; reply: end the session).',
        showWhen: { mode: ['client', 'reply'] },
      }),
    decodeBase64: z
      .boolean()
      .default(false)
      .meta({ description: 'msg.payload is base64 text: send the bytes it encodes.' }),
    maxBufferedBytes: maxBufferedBytes(),
    maxConnections: maxConnections({ mode: ['server'] }),
    ...reconnectFields({ mode: ['client'] }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.mode !== 'reply' && !port('').safeParse(cfg.port).success)
      ctx.addIssue({ code: 'custom', path: ['port'], message: 'a port (1 to 65535) is required' });
    if (cfg.mode !== 'reply' && !cfg.host)
      ctx.addIssue({ code: 'custom', path: ['host'], message: 'a host is required' });
  });

export type TcpOutConfig = z.output<typeof tcpOutConfig>;
