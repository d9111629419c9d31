import { defineNode } from '@millwright/sdk';
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
  async setup(ctx) {
    const { createHttpResponse } = await import('./http-response.js');
    return createHttpResponse(ctx);
  },
});
