import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Flow } from '@millwright/model';
import { defineNode } from '../define-node.js';
import { runFlow } from '../harness/run-flow.js';
import { attachReceipt, holdMessage, newReceipt, releaseReceipt } from './take-receipt.js';

// What happened, in order: nodes log their handling, sources log when their message was taken.
const log: string[] = [];

const source = defineNode({
  type: 'src',
  category: 'test',
  version: 1,
  description: 'sends one message with a receipt per trigger',
  inputs: 0,
  outputs: ['out'],
  config: z.object({}),
  setup(ctx) {
    let n = 0;
    return {
      trigger() {
        const id = ++n;
        const receipt = newReceipt(() => log.push(`taken ${id}`));
        ctx.send(attachReceipt(ctx.newMessage({ payload: id }), receipt));
        releaseReceipt(receipt);
      },
    };
  },
});

const pass = defineNode({
  type: 'pass',
  category: 'test',
  version: 1,
  description: 'sends a new message object (like a function node)',
  inputs: 1,
  outputs: ['out'],
  config: z.object({}),
  setup(ctx) {
    return { input: (msg) => ctx.send(ctx.newMessage({ payload: msg.payload })) };
  },
});

const sink = defineNode({
  type: 'sink',
  category: 'test',
  version: 1,
  description: 'logs what it handles; async with a delay when configured',
  inputs: 1,
  outputs: [],
  config: z.object({ delayMs: z.number().default(0), name: z.string().default('sink') }),
  setup(ctx) {
    return {
      async input(msg) {
        if (ctx.config.delayMs) await new Promise((r) => setTimeout(r, ctx.config.delayMs));
        log.push(`${ctx.config.name} ${String(msg.payload)}`);
      },
    };
  },
});

let released: Array<() => void> = [];
const keeper = defineNode({
  type: 'keeper',
  category: 'test',
  version: 1,
  description: 'keeps messages and passes them on when the test says so',
  inputs: 1,
  outputs: ['out'],
  config: z.object({}),
  setup(ctx) {
    return {
      input(msg) {
        const release = holdMessage(msg);
        released.push(() => {
          ctx.send(msg);
          release();
        });
      },
    };
  },
});

const failing = defineNode({
  type: 'failing',
  category: 'test',
  version: 1,
  description: 'rejects after a moment',
  inputs: 1,
  outputs: [],
  config: z.object({}),
  setup() {
    return {
      async input() {
        await new Promise((r) => setTimeout(r, 5));
        throw new Error('boom');
      },
    };
  },
});

const catcher = defineNode({
  type: 'catcher',
  category: 'test',
  version: 1,
  description: 'catch',
  inputs: 0,
  outputs: ['out'],
  config: z.object({}),
  setup(ctx) {
    ctx.flow.onError({}, (_e, msg) => ctx.send(msg ?? null));
    return {};
  },
});

const types = [source, pass, sink, keeper, failing, catcher];
const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });
const flowOf = (nodes: Flow['nodes'], wires: Flow['wires']): Flow => ({
  version: 1,
  id: 'f1',
  name: 'f',
  nodes,
  wires,
  configs: [],
});

describe('take receipts (ack after take)', () => {
  it('is taken once the message and what it produced were handled, through async nodes', async () => {
    log.length = 0;
    const flow = flowOf(
      [node('s', 'src'), node('p', 'pass'), node('k', 'sink', { delayMs: 20 })],
      [wire('s', 'p'), wire('p', 'k')],
    );
    const h = await runFlow(flow, types);
    await h.trigger('s');
    await h.trigger('s');
    await vi.waitFor(() => expect(log).toContain('taken 2'));
    // Each message is taken only after the slow sink finished with its copy.
    expect(log.indexOf('taken 1')).toBeGreaterThan(log.indexOf('sink 1'));
    expect(log.indexOf('taken 2')).toBeGreaterThan(log.indexOf('sink 2'));
    await h.stop();
  });

  it('waits for every receiver of a fan-out', async () => {
    log.length = 0;
    const flow = flowOf(
      [node('s', 'src'), node('a', 'sink', { name: 'fast' }), node('b', 'sink', { name: 'slow', delayMs: 30 })],
      [wire('s', 'a'), wire('s', 'b')],
    );
    const h = await runFlow(flow, types);
    await h.trigger('s');
    await vi.waitFor(() => expect(log).toContain('taken 1'));
    expect(log).toEqual(['fast 1', 'slow 1', 'taken 1']);
    await h.stop();
  });

  it('waits for a node that keeps the message until it lets go', async () => {
    log.length = 0;
    released = [];
    const flow = flowOf([node('s', 'src'), node('q', 'keeper'), node('k', 'sink')], [wire('s', 'q'), wire('q', 'k')]);
    const h = await runFlow(flow, types);
    await h.trigger('s');
    await vi.waitFor(() => expect(released).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual([]);
    released[0]?.();
    await vi.waitFor(() => expect(log).toEqual(['sink 1', 'taken 1']));
    await h.stop();
  });

  it('follows an error to the catch node before it counts as taken', async () => {
    log.length = 0;
    const flow = flowOf(
      [
        node('s', 'src'),
        node('f', 'failing'),
        node('c', 'catcher'),
        node('k', 'sink', { delayMs: 10, name: 'caught' }),
      ],
      [wire('s', 'f'), wire('c', 'k')],
    );
    const h = await runFlow(flow, types);
    await h.trigger('s');
    await vi.waitFor(() => expect(log).toEqual(['caught 1', 'taken 1']));
    await h.stop();
  });

  it('is taken at once when nothing is wired to the source', async () => {
    log.length = 0;
    const h = await runFlow(flowOf([node('s', 'src')], []), types);
    await h.trigger('s');
    expect(log).toEqual(['taken 1']);
    await h.stop();
  });

  it('is not taken when the flow stops before delivering it', async () => {
    log.length = 0;
    released = [];
    const flow = flowOf([node('s', 'src'), node('q', 'keeper')], [wire('s', 'q')]);
    const h = await runFlow(flow, types);
    await h.trigger('s');
    await vi.waitFor(() => expect(released).toHaveLength(1));
    await h.stop();
    expect(log).toEqual([]);
  });
});

describe('a node replaced by a deploy', () => {
  const seen: string[] = [];
  const slowClose = defineNode({
    type: 'slow-close',
    category: 'test',
    version: 1,
    description: 'logs its input with its config tag; closes slowly',
    inputs: 1,
    outputs: [],
    config: z.object({ tag: z.string() }),
    setup(ctx) {
      return {
        input: (msg) => void seen.push(`${ctx.config.tag} ${String(msg.payload)}`),
        close: () => new Promise<void>((r) => setTimeout(r, 100)),
      };
    },
  });

  it('gets the messages sent to it while its old instance closes, in its new instance, and they count as taken after', async () => {
    seen.length = 0;
    log.length = 0;
    const flow = (tag: string) => flowOf([node('s', 'src'), node('b', 'slow-close', { tag })], [wire('s', 'b')]);
    const h = await runFlow(flow('v1'), [...types, slowClose]);
    await h.trigger('s');
    await vi.waitFor(() => expect(seen).toEqual(['v1 1']));
    const updating = h.engine.update(flow('v2'));
    await new Promise((r) => setTimeout(r, 20)); // the old instance is closing now
    await h.trigger('s');
    await updating;
    await vi.waitFor(() => expect(seen).toEqual(['v1 1', 'v2 2']));
    await vi.waitFor(() => expect(log).toEqual(['taken 1', 'taken 2']));
    await h.stop();
  });
});

describe('a message dropped unfinished', () => {
  it('settles its receipt as dropped, not taken, when the node holding it closes', async () => {
    const events: string[] = [];
    const dropSource = defineNode({
      type: 'drop-src',
      category: 'test',
      version: 1,
      description: 'sends one message whose receipt reports taken or dropped',
      inputs: 0,
      outputs: ['out'],
      config: z.object({}),
      setup(ctx) {
        return {
          trigger() {
            const receipt = newReceipt(
              () => events.push('taken'),
              () => events.push('dropped'),
            );
            ctx.send(attachReceipt(ctx.newMessage({ payload: 1 }), receipt));
            releaseReceipt(receipt);
          },
        };
      },
    });
    const dropper = defineNode({
      type: 'dropper',
      category: 'test',
      version: 1,
      description: 'keeps messages, drops them at close',
      inputs: 1,
      outputs: [],
      config: z.object({}),
      setup() {
        const kept: Array<(dropped?: boolean) => void> = [];
        return {
          input: (msg) => void kept.push(holdMessage(msg)),
          close: () => kept.forEach((release) => release(true)),
        };
      },
    });
    const h = await runFlow(flowOf([node('s', 'drop-src'), node('d', 'dropper')], [wire('s', 'd')]), [
      dropSource,
      dropper,
    ]);
    await h.trigger('s');
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([]);
    await h.stop();
    expect(events).toEqual(['dropped']);
  });
});
