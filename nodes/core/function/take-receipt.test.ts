import type { Flow } from '@millwright/model';
import { attachReceipt, defineNode, newReceipt, releaseReceipt, runFlow } from '@millwright/sdk';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import fn from './index.js';

// Ack after take through a function node: the source's message counts as taken only once the
// user code finished with it (also after an await) and what it returned was handled downstream.
const log: string[] = [];

const source = defineNode({
  type: 'src',
  category: 'test',
  version: 1,
  description: 'sends messages with receipts',
  inputs: 0,
  outputs: ['out'],
  config: z.object({ count: z.number() }),
  setup(ctx) {
    return {
      trigger() {
        for (let i = 1; i <= ctx.config.count; i++) {
          const receipt = newReceipt(() => log.push(`taken ${i}`));
          ctx.send(attachReceipt(ctx.newMessage({ payload: i }), receipt));
          releaseReceipt(receipt);
        }
      },
    };
  },
});

const sink = defineNode({
  type: 'sink',
  category: 'test',
  version: 1,
  description: 'logs after a moment',
  inputs: 1,
  outputs: [],
  config: z.object({}),
  setup() {
    return {
      async input(msg) {
        await new Promise((r) => setTimeout(r, 5));
        log.push(`sink ${String(msg.payload)}`);
      },
    };
  },
});

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });

describe('function node and take receipts', () => {
  for (const [what, code] of [
    ['returns', 'msg.payload *= 10; return msg;'],
    [
      'awaits, then sends with node.send',
      'await new Promise((r) => setTimeout(r, 10)); node.send({ payload: msg.payload * 10 }); return null;',
    ],
  ] as const)
    it(`holds the message until the code ${what} and the output was handled`, async () => {
      log.length = 0;
      const flow: Flow = {
        version: 1,
        id: 'f1',
        name: 'f',
        nodes: [node('s', 'src', { count: 3 }), node('f', 'function', { code }), node('k', 'sink')],
        wires: [wire('s', 'f'), wire('f', 'k')],
      };
      const h = await runFlow(flow, [source, fn, sink]);
      await h.trigger('s');
      await vi.waitFor(() => expect(log.filter((l) => l.startsWith('taken'))).toHaveLength(3));
      for (const i of [1, 2, 3]) expect(log.indexOf(`taken ${i}`)).toBeGreaterThan(log.indexOf(`sink ${i * 10}`));
      expect(log.indexOf('sink 10')).toBeGreaterThanOrEqual(0);
      await h.stop();
    });
});
