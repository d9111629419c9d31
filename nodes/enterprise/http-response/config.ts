import { z } from 'zod';
import { headerRow } from '../http-request/config.js';

/** Config of the http-response node. */
export const httpResponseConfig = z.object({
  statusCode: z
    .number()
    .int()
    .min(100)
    .max(599)
    .default(200)
    .meta({ description: 'Status, unless the message sets `msg.statusCode`.' }),
  headers: z.array(headerRow).default([]).meta({
    description: 'Response headers; string headers in `msg.headers` are added on top.',
    widget: 'table',
  }),
});

export type HttpResponseConfig = z.output<typeof httpResponseConfig>;
