import { defineNode } from '@millwright/sdk';
import { z } from 'zod';

/**
 * Small node types for runtime tests that must not depend on the exact behaviour of core nodes:
 * a triggerable source, a counter keeping its count in node context, and a debug sink.
 */
export const nodes = [
  defineNode({
    type: 'test-source',
    category: 'test',
    version: 1,
    description: 'Sends `payload` when triggered.',
    inputs: 0,
    outputs: ['out'],
    config: z.object({ payload: z.number().default(1) }),
    setup: (ctx) => ({ trigger: () => ctx.send(ctx.newMessage({ payload: ctx.config.payload })) }),
  }),
  defineNode({
    type: 'test-counter',
    category: 'test',
    version: 1,
    description: 'Counts messages in node context and sends the count.',
    inputs: 1,
    outputs: ['out'],
    config: z.object({ timeoutMs: z.number().int().min(1).default(1000), label: z.string().default('') }),
    setup: (ctx) => ({
      input: (msg) => {
        const count = Number(ctx.context.node.get('count') ?? 0) + 1;
        ctx.context.node.set('count', count);
        ctx.send({ ...msg, payload: count });
      },
    }),
  }),
  defineNode({
    type: 'test-debug',
    category: 'test',
    version: 1,
    description: 'Publishes the payload to the debug stream.',
    inputs: 1,
    outputs: [],
    config: z.object({}),
    setup: (ctx) => ({ input: (msg) => ctx.debug({ value: msg.payload, property: 'payload', msg }) }),
  }),
];
