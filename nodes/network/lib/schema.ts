import { z } from 'zod';
import { DATA_FORMATS } from './bytes.js';

/** Fields several network nodes share, so they read and default alike. */

export const port = (description: string) => z.number().int().min(1).max(65_535).meta({ description });

/** Where a server listens: loopback unless the operator opens it. */
export const listenHost = (showWhen?: Record<string, string[]>) =>
  z
    .string()
    .trim()
    .min(1)
    .default('127.0.0.1')
    .meta({
      description:
        'Address to listen on. The default `127.0.0.1` takes connections from this machine only; `0.0.0.0` (or `::`) from every network the machine is on.',
      examples: ['127.0.0.1', '0.0.0.0'],
      ...(showWhen ? { showWhen } : {}),
    });

export const dataFormat = (showWhen?: Record<string, string[]>) =>
  z
    .enum(DATA_FORMATS)
    .default('buffer')
    .meta({
      description: 'How received bytes become msg.payload: buffer (bytes), utf8 (text) or base64 (text).',
      ...(showWhen ? { showWhen } : {}),
    });

export const maxMessageBytes = (defaultBytes = 1_048_576) =>
  z.number().int().min(1).max(268_435_456).default(defaultBytes).meta({
    description:
      'Largest message accepted from a peer. A peer sending more is refused with `net_frame_too_large` and disconnected.',
    advanced: true,
  });

export const maxConnections = (showWhen?: Record<string, string[]>) =>
  z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(100)
    .meta({
      description: 'Most clients connected at once; further ones are refused (closed at once, logged).',
      advanced: true,
      ...(showWhen ? { showWhen } : {}),
    });

export const maxBufferedBytes = () =>
  z.number().int().min(1_024).max(268_435_456).default(4_194_304).meta({
    description:
      'Most bytes waiting to be sent to one peer. A peer that does not read is disconnected (`net_peer_slow`) rather than held in memory.',
    advanced: true,
  });

export const reconnectFields = (showWhen?: Record<string, string[]>) => ({
  reconnectMs: z
    .number()
    .int()
    .min(100)
    .default(1_000)
    .meta({
      description: 'First wait before reconnecting; it doubles per failed attempt up to `reconnectMaxMs`.',
      advanced: true,
      ...(showWhen ? { showWhen } : {}),
    }),
  reconnectMaxMs: z
    .number()
    .int()
    .min(100)
    .default(10_000)
    .meta({
      description: 'Longest wait between reconnection attempts.',
      advanced: true,
      ...(showWhen ? { showWhen } : {}),
    }),
});
