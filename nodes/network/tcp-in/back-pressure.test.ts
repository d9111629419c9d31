import { defineNode, freePort, runFlow } from '@millwright/sdk';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { flowOf, tcpClient } from '../testing/net-test-support.js';
import tcpIn from './index.js';

/** Holds every message until `open()`; what it holds counts in the flow's queue. */
function gate() {
  const held: Array<() => void> = [];
  let isOpen = false;
  const node = defineNode({
    type: 'test-gate',
    category: 'test',
    version: 1,
    description: 'holds messages',
    inputs: 1,
    outputs: [],
    config: z.object({}),
    setup: () => ({
      input: () => (isOpen ? undefined : new Promise<void>((resolve) => held.push(resolve))),
      pending: () => held.length,
    }),
  });
  return {
    node,
    open() {
      isOpen = true;
      for (const release of held.splice(0)) release();
    },
  };
}

it('tcp-in stops reading while the flow is over its queue limit and reads the rest once it drains', async () => {
  const port = await freePort();
  const g = gate();
  const h = await runFlow(
    flowOf(
      [
        { id: 'in', type: 'tcp-in', config: { port, delimiter: '\\n', format: 'utf8', maxConnections: 1 } },
        { id: 'hold', type: 'test-gate' },
      ],
      [['in', 'hold']],
    ),
    [tcpIn, g.node],
    { queueLimits: { highWater: 10 } },
  );
  const total = 20_000;
  const client = await tcpClient(port);
  client.socket.end(Array.from({ length: total }, (_, i) => `line ${String(i).padStart(40, '0')}\n`).join(''));
  await new Promise((r) => setTimeout(r, 300));
  // At most the lines of the chunk read before the pause (64 KiB: ~1,400), not all 20,000.
  const whileFull = h.outputs('in').length;
  expect(whileFull).toBeGreaterThan(0);
  expect(whileFull).toBeLessThan(3_000);
  g.open();
  const all = await h.waitForOutputs('in', total, { timeoutMs: 10_000 });
  expect(all.at(-1)?.payload).toBe(`line ${String(total - 1).padStart(40, '0')}`);
  await h.stop();
});
