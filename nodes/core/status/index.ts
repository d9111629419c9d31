import { defineNode } from '@millwright/sdk';
import { statusConfig } from './config.js';

/** Turns status changes of nodes in the flow into messages. */
export default defineNode({
  type: 'status',
  category: 'common',
  version: 1,
  label: 'status',
  description:
    'Sends a message whenever a node in this flow (all, or selected ones) changes its status: `msg.status` = { fill, shape, text, source }.',
  inputs: 0,
  outputs: ['status'],
  icon: 'activity',
  config: statusConfig,
  setup(ctx) {
    const { scope, nodes } = ctx.config;
    ctx.flow.onStatus(scope === 'selected' ? { nodes } : {}, (status, source) => {
      // A cleared status (null) arrives as empty text, as in Node-RED.
      const { fill, shape, text } = status ?? {};
      ctx.send(
        ctx.newMessage({
          status: {
            ...(fill ? { fill } : {}),
            ...(shape ? { shape } : {}),
            text: text ?? '',
            source: { id: source.id, type: source.type, name: source.name ?? '' },
          },
        }),
      );
    });
    return {};
  },
});
