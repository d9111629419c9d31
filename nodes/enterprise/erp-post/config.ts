import { z } from 'zod';
import { authField } from '../http-request/auth.js';
import { headerRow } from '../http-request/config.js';
import { templateProblem } from '../http-request/template-syntax.js';

const advanced = { advanced: true };

/** Config of the erp-post node. */
export const erpPostConfig = z
  .object({
    url: z
      .string()
      .min(1)
      .meta({
        description:
          'Endpoint; Mustache tags are filled from the message when it is queued, each value encoded as one path segment (a value that makes a `.` or `..` segment is refused, `http_url_dot_segment`). Credentials go only to the scheme, host and port written here without tags.',
        examples: ['http://127.0.0.1:8090/api/production-performance'],
      }),
    method: z.enum(['POST', 'PUT', 'PATCH']).default('POST').meta({ description: 'HTTP method.' }),
    body: z.string().default('').meta({
      description:
        'Body template (Mustache; `{{x}}` is escaped for the content type, `{{{x}}}` is raw). Empty: `msg.payload` as it is (B2MML XML string, or an object as JSON).',
      widget: 'code',
    }),
    contentType: z.string().default('').meta({
      description:
        "Content-Type header. Empty: `msg.headers['content-type']`, else guessed from the body (XML, JSON or text).",
    }),
    headers: z.array(headerRow).default([]).meta({
      description: 'Extra request headers; values may use Mustache tags (filled when queued).',
      widget: 'table',
    }),
    auth: authField,
    idempotencyHeader: z.string().default('Idempotency-Key').meta({
      description:
        'Header carrying the idempotency key: `msg.idempotencyKey`, else `msg.bodId` (set by isa95-map), else `msg.id`. The key never changes across retries and restarts, so the ERP can drop duplicates. Empty: no header.',
    }),
    timeoutMs: z
      .number()
      .int()
      .min(1)
      .max(600_000)
      .default(15_000)
      .meta({ description: 'An attempt without an answer after this many ms counts as failed and is retried.' }),
    maxAttempts: z
      .number()
      .int()
      .min(0)
      .default(10)
      .meta({
        description: 'Attempts before a request becomes a dead letter; 0 retries forever.',
        ...advanced,
      }),
    baseDelayMs: z
      .number()
      .int()
      .min(1)
      .default(1_000)
      .meta({ description: 'Backoff after the first failure; doubles with each failure.', ...advanced }),
    maxDelayMs: z
      .number()
      .int()
      .min(1)
      .default(60_000)
      .meta({ description: 'Longest backoff between attempts.', ...advanced }),
    jitter: z
      .boolean()
      .default(true)
      .meta({
        description: 'Full jitter: wait a random time up to the backoff, so many senders do not retry in step.',
        ...advanced,
      }),
    maxQueued: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .default(100_000)
      .meta({
        description:
          'Requests the outbox may hold (waiting plus dead letters). Beyond it new messages are refused with `outbox_full` (to catch nodes).',
        ...advanced,
      }),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(32)
      .default(1)
      .meta({
        description: 'Requests in flight at once. 1 keeps the order: a failing request holds back the ones behind it.',
        ...advanced,
      }),
  })
  .superRefine((cfg, ctx) => {
    const check = (value: string, path: (string | number)[]) => {
      const problem = templateProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
    };
    check(cfg.url, ['url']);
    check(cfg.body, ['body']);
    cfg.headers.forEach((h, i) => check(h.value, ['headers', i, 'value']));
    if (cfg.maxDelayMs < cfg.baseDelayMs)
      ctx.addIssue({ code: 'custom', path: ['maxDelayMs'], message: 'must be at least baseDelayMs' });
  });

export type ErpPostConfig = z.output<typeof erpPostConfig>;
