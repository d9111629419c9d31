import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Flow } from '@millwright/model';
import { defineNode } from '../define-node.js';
import { runFlow } from '../harness/run-flow.js';
import { substituteEnv } from './env-substitution.js';

const env = (vars: Record<string, string>) => (name: string) => vars[name];

describe('substituteEnv', () => {
  it('replaces ${env.NAME} in nested strings and leaves other values alone', () => {
    const config = {
      url: 'opc.tcp://${env.PLC}',
      rows: [{ value: 'x-${env.A}-${env.B}' }, 3, true, null],
      code: 'return `${env.get("A")}`;',
      n: 5,
    };
    expect(substituteEnv(config, env({ PLC: '127.0.0.1:4840', A: 'a', B: 'b' }))).toEqual({
      url: 'opc.tcp://127.0.0.1:4840',
      rows: [{ value: 'x-a-b' }, 3, true, null],
      code: 'return `${env.get("A")}`;',
      n: 5,
    });
  });

  it('an unset variable becomes an empty string', () => {
    expect(substituteEnv({ url: 'mqtt://${env.NOPE}' }, env({}))).toEqual({ url: 'mqtt://' });
  });

  it('returns the same object when there is nothing to replace', () => {
    const config = { a: 'plain', b: ['x'], c: { d: 1 } };
    expect(substituteEnv(config, env({ X: 'y' }))).toBe(config);
  });
});

describe('FlowEngine with ${env.NAME} in a config', () => {
  it('hands the node its config with the variables filled in', async () => {
    const echo = defineNode({
      type: 'echo-url',
      category: 'test',
      version: 1,
      description: 'sends its configured url',
      inputs: 0,
      outputs: ['out'],
      config: z.object({ url: z.string().regex(/^mqtt:\/\/\S+$/) }),
      setup: (ctx) => ({ trigger: () => ctx.send(ctx.newMessage({ payload: ctx.config.url })) }),
    });
    const flow: Flow = {
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [
        {
          id: 'e',
          type: 'echo-url',
          typeVersion: 1,
          config: { url: 'mqtt://${env.BROKER}' },
          position: { x: 0, y: 0 },
        },
      ],
      wires: [],
    };
    const h = await runFlow(flow, [echo], { env: { BROKER: '127.0.0.1:1883' } });
    try {
      await h.trigger('e');
      expect(h.outputs('e').map((m) => m.payload)).toEqual(['mqtt://127.0.0.1:1883']);
    } finally {
      await h.stop();
    }
  });
});
