import { z } from 'zod';
import { maxMessageBytes } from '../lib/schema.js';

/** Config of the tcp-request node. */
export const tcpRequestConfig = z.object({
  host: z
    .string()
    .trim()
    .default('')
    .meta({
      description: 'Host to connect to; empty: msg.host. The outbound policy applies either way.',
      examples: ['scale.line1.local', '10.20.0.15'],
    }),
  port: z.number().int().min(0).max(65_535).default(0).meta({ description: 'TCP port; 0: msg.port.' }),
  returnAfter: z.enum(['time', 'char', 'count', 'stream', 'immediate']).default('time').meta({
    description:
      'When the answer is complete. time: `waitMs` after its first bytes (or when the server closes). char: at the `delimiter`. count: after `count` bytes. stream: keep the connection open and send a message per chunk received. immediate: do not wait; send the input on once written.',
  }),
  waitMs: z
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(0)
    .meta({ description: 'Wait this long after the first bytes of the answer.', showWhen: { returnAfter: ['time'] } }),
  delimiter: z
    .string()
    .min(1)
    .default('\\n')
    .meta({
      description: 'The answer ends with this text (kept in the answer); escapes `\\n \\r \\t \\0 \\xNN` or `0xNN`.',
      showWhen: { returnAfter: ['char'] },
    }),
  count: z
    .number()
    .int()
    .min(1)
    .default(1)
    .meta({ description: 'Length of the answer in bytes.', showWhen: { returnAfter: ['count'] } }),
  format: z
    .enum(['buffer', 'utf8'])
    .default('buffer')
    .meta({ description: 'The answer in msg.payload as bytes or as UTF-8 text.' }),
  timeoutMs: z.number().int().min(100).max(600_000).default(10_000).meta({
    description:
      'Longest wait for connecting and for a complete answer; then `tcp_request_timeout` (to catch nodes) and the connection is closed.',
  }),
  maxMessageBytes: maxMessageBytes(),
});

export type TcpRequestConfig = z.output<typeof tcpRequestConfig>;
