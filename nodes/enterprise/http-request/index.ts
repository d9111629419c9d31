import { defineNode } from '@millwright/sdk';
import { httpCredentials } from './auth.js';
import { httpRequestConfig } from './config.js';

/** Calls an HTTP endpoint per message and sends the answer on. */
export default defineNode({
  type: 'http-request',
  category: 'network',
  version: 1,
  label: 'http request',
  description:
    'Calls a REST endpoint for each message: method, URL with Mustache tags, headers, the payload as body. ' +
    'The answer becomes the payload (JSON parsed when the content type says so), with statusCode and response headers.',
  inputs: 1,
  outputs: ['response'],
  icon: 'globe',
  config: httpRequestConfig,
  credentials: httpCredentials,
  async setup(ctx) {
    const { createHttpRequest } = await import('./http-request.js');
    return createHttpRequest(ctx);
  },
});
