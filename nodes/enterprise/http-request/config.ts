import { storeAndForwardFields, storeAndForwardMode } from '@millwright/outbox';
import { z } from 'zod';
import { authField } from './auth.js';
import { templateProblem } from './template-syntax.js';

/** A request header; the value may use Mustache tags (`{{payload.order}}`). */
export const headerRow = z.object({
  name: z
    .string()
    .min(1)
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid header name'),
  value: z.string().default(''),
});

/** Config of the http-request node. */
export const httpRequestConfig = z
  .object({
    method: z
      .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'])
      .default('GET')
      .meta({ description: 'HTTP method.' }),
    url: z
      .string()
      .default('')
      .meta({
        description:
          'URL; Mustache tags are filled from the message, each value encoded as one path segment (`http://erp/api/orders/{{payload.order}}`: a `/` in it stays data; a value that makes a `.` or `..` segment is refused, `http_url_dot_segment`). Empty: `msg.url`. Credentials go only to the scheme, host and port written here without tags; the destination must pass settings.json `outbound` (`outbound_denied`).',
        examples: ['http://127.0.0.1:8090/api/work-orders'],
      }),
    headers: z.array(headerRow).default([]).meta({
      description:
        'Request headers (values may use Mustache tags). They override string headers found in `msg.headers`.',
      widget: 'table',
    }),
    responseType: z.enum(['auto', 'text', 'json', 'buffer']).default('auto').meta({
      description:
        '`auto`: JSON parsed when the content type says JSON, text for text and XML, bytes otherwise. Or always text, JSON or bytes.',
    }),
    timeoutMs: z
      .number()
      .int()
      .min(1)
      .max(600_000)
      .default(30_000)
      .meta({ description: 'Give up (error `http_timeout`) when no answer came within this many ms.' }),
    errorOnStatus: z.boolean().default(false).meta({
      description: 'Report 4xx/5xx answers as errors (code `http_status`) instead of sending them on.',
    }),
    auth: authField,
    storeAndForward: storeAndForwardMode(
      'on for POST, PUT, PATCH and DELETE (writes must not be lost), off for GET and HEAD (a late read is stale). The answer goes out once the request got through; 4xx answers become dead letters.',
    ),
    // An outage is no reason to give up on a write: retry forever; a 4xx is a dead letter at once.
    ...storeAndForwardFields({ maxQueued: 10_000, maxAttempts: 0, baseDelayMs: 1_000, maxDelayMs: 30_000 }),
  })
  .superRefine((cfg, ctx) => {
    const check = (value: string, path: (string | number)[]) => {
      const problem = templateProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
    };
    check(cfg.url, ['url']);
    cfg.headers.forEach((h, i) => check(h.value, ['headers', i, 'value']));
    if (cfg.maxDelayMs < cfg.baseDelayMs)
      ctx.addIssue({ code: 'custom', path: ['maxDelayMs'], message: 'must be at least baseDelayMs' });
  });

export type HttpRequestConfig = z.output<typeof httpRequestConfig>;
