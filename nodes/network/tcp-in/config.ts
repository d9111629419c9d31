import { z } from 'zod';
import { dataFormat, maxConnections, maxMessageBytes, port, reconnectFields } from '../lib/schema.js';

/** Config of the tcp-in node. */
export const tcpInConfig = z.object({
  mode: z.enum(['server', 'client']).default('server').meta({
    description:
      'server: listen on `host:port` and take connections. client: connect to `host:port` (outbound policy applies) and reconnect when it closes.',
  }),
  host: z
    .string()
    .trim()
    .min(1)
    .default('127.0.0.1')
    .meta({
      description:
        'server: the address to listen on (`127.0.0.1`: this machine only; `0.0.0.0`: every network). client: the host to connect to.',
      examples: ['127.0.0.1', '0.0.0.0', 'scanner.line1.local'],
    }),
  port: port('TCP port to listen on (server) or connect to (client).'),
  output: z.enum(['stream', 'single']).default('stream').meta({
    description:
      'stream: a message per received chunk, or per delimited part when `delimiter` is set. single: one message with everything a connection sent, when the peer closes it.',
  }),
  delimiter: z
    .string()
    .default('')
    .meta({
      description:
        'stream: cut the data after this text, e.g. `\\n` (escapes `\\n \\r \\t \\0 \\xNN`, or `0xNN`). Empty: a message per received chunk.',
      examples: ['\\n', '\\r\\n', '0x03'],
      showWhen: { output: ['stream'] },
    }),
  keepDelimiter: z
    .boolean()
    .default(false)
    .meta({ description: 'Keep the delimiter at the end of each message.', showWhen: { output: ['stream'] } }),
  format: dataFormat(),
  topic: z.string().default('').meta({ description: 'msg.topic of every message.' }),
  maxMessageBytes: maxMessageBytes(),
  maxConnections: maxConnections({ mode: ['server'] }),
  ...reconnectFields({ mode: ['client'] }),
});

export type TcpInConfig = z.output<typeof tcpInConfig>;
