import { UserError } from '@millwright/model';
import { defineNode } from '@millwright/sdk';
import { messageHeaders } from '../http-request/http-client.js';
import { httpResponseConfig } from './config.js';

/** Answers the request an http-in node received, with msg.payload as the body. */
export default defineNode({
  type: 'http-response',
  category: 'network',
  version: 1,
  label: 'http response',
  description:
    'Answers the HTTP request that started this message at an http-in node: msg.payload is the body (objects as ' +
    'JSON, strings as text or XML, bytes as they are), msg.statusCode and msg.headers override the configured ones.',
  inputs: 1,
  outputs: [],
  icon: 'log-out',
  config: httpResponseConfig,
  setup: (ctx) => ({
    input(msg) {
      const res = msg['res'];
      const replyTo = typeof res === 'object' && res !== null ? (res as { id?: unknown }).id : undefined;
      if (typeof replyTo !== 'string')
        throw new UserError(
          'http_no_request',
          'msg.res is missing: the message did not start at an http-in node (keep msg.res when building new messages)',
        );
      if (!ctx.respond) throw new UserError('http_cannot_respond', 'this runtime cannot answer HTTP requests');
      const headers: Record<string, string> = {};
      for (const h of ctx.config.headers) headers[h.name.toLowerCase()] = h.value;
      Object.assign(headers, messageHeaders(msg.headers));
      const status = typeof msg['statusCode'] === 'number' ? msg['statusCode'] : ctx.config.statusCode;
      ctx.respond(replyTo, { statusCode: status, headers, payload: msg.payload ?? null });
    },
  }),
});
