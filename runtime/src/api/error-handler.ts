import type { ApiErrorBody, ValidationIssue } from '@millwright/model';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

/** HTTP status and an optional hint per error code. Codes not listed map to 400 (user errors) or 500. */
const RESPONSES: Record<string, { status: number; hint?: string }> = {
  invalid_request: { status: 400 },
  invalid_flow: { status: 400, hint: 'fix the faults listed in "issues"; nothing was saved or deployed' },
  invalid_json: { status: 400, hint: 'the request body must be valid JSON' },
  not_triggerable: { status: 400, hint: 'only source nodes such as inject can be triggered' },
  unauthorized: {
    status: 401,
    hint: 'log in (POST /api/auth/login) and send "Authorization: Bearer <token>", or send the MILLWRIGHT_TOKEN service token',
  },
  invalid_login: { status: 401 },
  forbidden: { status: 403, hint: 'ask an admin for a role with this permission (see docs/security.md)' },
  too_many_attempts: { status: 429, hint: 'wait for the time in the Retry-After header' },
  user_exists: { status: 409 },
  user_not_found: { status: 404 },
  last_admin: { status: 409 },
  node_not_found: { status: 404, hint: 'the node must be part of a deployed, enabled flow' },
  flow_not_running: { status: 503, hint: 'the flow is starting or restarting: try again in a moment' },
  flow_crashed: { status: 503, hint: 'the flow crashed and restarts: see its flow-state and error events' },
  flow_timeout: { status: 504, hint: 'the flow did not answer in time: see the runtime log' },
  context_timeout: { status: 504, hint: 'the flow is busy (a long synchronous loop?): refresh in a moment' },
  flow_not_found: { status: 404 },
  page_not_found: { status: 404, hint: 'GET /api/dashboard/pages lists the pages you may open' },
  snapshot_not_found: { status: 404, hint: 'list the snapshots with GET /api/snapshots' },
  snapshot_exists: { status: 409 },
  snapshot_current: { status: 409 },
  promote_target_failed: {
    status: 502,
    hint: 'check the target URL and that its token has flows:deploy and credentials:write',
  },
  not_found: { status: 404 },
  not_clustered: { status: 404, hint: 'start the runtime with --cluster nats://host:4222 to join a cluster' },
  cluster_unreachable: { status: 503, hint: 'NATS is unreachable: nothing was deployed; try again when it is back' },
  cluster_unavailable: { status: 503, hint: 'NATS JetStream is unavailable: nothing was deployed; try again' },
  revision_conflict: { status: 409, hint: 'reload the flows (GET /api/flows), reapply your changes and deploy again' },
  payload_too_large: { status: 413 },
};

/**
 * The admin API's single error handler: identifies errors by `code` (never `instanceof`, so
 * errors from worker threads map the same) and answers `ApiErrorBody`. Body-parser failures
 * become `invalid_json` and `payload_too_large`. Unknown errors answer 500 without internals and
 * are logged.
 */
export function errorHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const body = toBody(err, bodyLimit);
    const status = RESPONSES[body.code]?.status ?? (kindOf(err) === 'user' ? 400 : 500);
    if (status >= 500) logger.error({ err, method: req.method, path: req.path }, 'admin API request failed');
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(status).json(body);
  };
}

function toBody(err: unknown, bodyLimit: string): ApiErrorBody {
  const type = read(err, 'type');
  if (type === 'entity.parse.failed')
    return withHint({ code: 'invalid_json', message: `malformed JSON body: ${String(read(err, 'message'))}` });
  if (type === 'entity.too.large')
    return {
      code: 'payload_too_large',
      message: `request body exceeds the ${bodyLimit} limit`,
      hint: `split the request or keep it under ${bodyLimit}`,
    };
  const code = read(err, 'code');
  const message = read(err, 'message');
  if (typeof code !== 'string' || (!(code in RESPONSES) && kindOf(err) !== 'user'))
    return { code: 'internal_error', message: 'internal error; see the runtime log' };
  const body = withHint({ code, message: typeof message === 'string' ? message : code });
  const issues = read(err, 'issues');
  if (Array.isArray(issues)) body.issues = issues.filter(isIssue);
  return body;
}

function withHint(body: ApiErrorBody): ApiErrorBody {
  const hint = RESPONSES[body.code]?.hint;
  return hint ? { ...body, hint } : body;
}

function kindOf(err: unknown): unknown {
  return read(err, 'kind');
}

function read(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

function isIssue(v: unknown): v is ValidationIssue {
  return typeof read(v, 'pathString') === 'string' && Array.isArray(read(v, 'path'));
}
