import { defineNode } from '@millwright/sdk';
import { httpInConfig } from './config.js';

/**
 * An endpoint of the flow. The runtime's `/http` routes find the node by method and path and put
 * each request on its input (a source node has no input port on the canvas); the node passes it
 * on. Every request must reach an http-response node, or the caller gets 504 after 30 s.
 */
export default defineNode({
  type: 'http-in',
  category: 'network',
  version: 1,
  label: 'http in',
  description:
    'Exposes a REST endpoint under /http on the runtime (e.g. for an ERP to push work orders). Each request becomes ' +
    'a message with msg.req { method, path, params, query, headers, body } and the body (or query) as payload; ' +
    'answer it with an http-response node.',
  inputs: 0,
  outputs: ['request'],
  icon: 'log-in',
  config: httpInConfig,
  setup: (ctx) => {
    if (!ctx.respond) ctx.log.warn('this runtime cannot answer HTTP requests here; requests will not arrive');
    ctx.status({ fill: 'green', shape: 'dot', text: `${ctx.config.method} /http${ctx.config.path}` });
    return {
      input(msg) {
        ctx.send(msg);
      },
    };
  },
});
