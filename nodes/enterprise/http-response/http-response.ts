import { UserError } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { messageHeaders } from '../http-request/http-client.js';
import type { HttpResponseConfig } from './config.js';

/** Answers the request that started each message at an http-in node, through the runtime's `respond`. */
export function createHttpResponse(ctx: NodeContext<HttpResponseConfig>): NodeHandlers {
  return {
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
      const cookies = msg['cookies']; // Node-RED's msg.cookies: set or clear cookies
      ctx.respond(replyTo, {
        statusCode: status,
        headers,
        ...(typeof cookies === 'object' && cookies !== null ? { cookies } : {}),
        payload: msg.payload ?? null,
      });
    },
  };
}
