import type { Flow, FlowMessage, SerializedError } from '@millwright/model';
import { defineNode, MemoryContextStore, runFlow, testNode, type FlowHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import fn from './index.js';

/** A tiny catch node: forwards every error of the flow with its message. */
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

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const flowOf = (nodes: Flow['nodes']): Flow => ({ version: 1, id: 'f1', name: 'f', nodes, wires: [] });

let running: FlowHarness[] = [];
afterEach(async () => {
  await Promise.all(running.map((h) => h.stop()));
  running = [];
});
const start = async (config: Record<string, unknown>, options: Parameters<typeof testNode>[1] = {}) => {
  const h = await testNode(fn, { ...options, config });
  running.push(h);
  return h;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const payloads = (msgs: FlowMessage[]) => msgs.map((m) => m.payload);
const errorsOf = (h: FlowHarness) => h.errors().map((e) => e.error);

describe('function node', () => {
  it('transforms the payload and keeps the other message fields', async () => {
    const h = await start({ code: 'msg.payload = msg.payload * 2;\nmsg.extra = "x";\nreturn msg;' });
    h.input({ payload: 21, topic: 'line1' });
    const [out] = await h.next();
    expect(out).toMatchObject({ payload: 42, topic: 'line1', extra: 'x', id: expect.any(String) });
  });

  it("keeps the engine's trace out of the code's sight and gives each output its input's trace", async () => {
    const h = await start({
      outputs: 2,
      code: 'msg.sawTrace = "trace" in msg;\nnode.send([null, { payload: "sent" }]);\nreturn [msg, [{ payload: "a" }, { payload: "b" }]];',
    });
    h.input({ payload: 1, trace: ['upstream'] });
    await h.idle();
    const outs = [...h.outputs(h.nodeId, 0), ...h.outputs(h.nodeId, 1)];
    expect(outs).toHaveLength(4);
    for (const out of outs) expect(out.trace?.slice(0, 1)).toEqual(['upstream']);
    expect(outs.find((o) => o.payload === 1)).toMatchObject({ sawTrace: false });
    // Each output has its own trace: the engine appends to one without touching the others.
    expect(new Set(outs.map((o) => o.trace)).size).toBe(4);
  });

  it('keeps dates and binary payloads intact across the sandbox', async () => {
    const h = await start({
      code: 'msg.year = msg.payload.at.getUTCFullYear();\nmsg.first = msg.payload.raw[0];\nreturn msg;',
    });
    h.input({ payload: { at: new Date(Date.UTC(2024, 4, 1)), raw: new Uint8Array([7, 8, 9]) } });
    const [out] = await h.next();
    expect(out?.['year']).toBe(2024);
    expect(out?.['first']).toBe(7);
    const p = out?.payload as { at: unknown; raw: unknown };
    expect(p.at).toBeInstanceOf(Date);
    expect(p.raw).toEqual(new Uint8Array([7, 8, 9]));
  });

  it('sends to several outputs, with an array of messages on one port and null skipping a port', async () => {
    const h = await start({
      outputs: 3,
      code: 'return [{ payload: "a" }, null, [{ payload: "c1" }, { payload: "c2" }]];',
    });
    h.input({ payload: 1 });
    expect(payloads(await h.next(1, { port: 0 }))).toEqual(['a']);
    expect(payloads(await h.next(2, { port: 2 }))).toEqual(['c1', 'c2']);
    expect(h.outputs(h.nodeId, 1)).toEqual([]);
    expect(h.outputs(h.nodeId, 2)[0]?.id).not.toBe(h.outputs(h.nodeId, 2)[1]?.id);
  });

  it('follows the configured output count in its port labels', () => {
    expect(fn.outputsFor?.(fn.config.parse({ outputs: 3 }))).toEqual(['out 1', 'out 2', 'out 3']);
    expect(fn.outputsFor?.(fn.config.parse({}))).toEqual(['out']);
  });

  it('sends nothing for null or undefined', async () => {
    const h = await start({ code: 'if (msg.payload === 1) return null;\nif (msg.payload === 2) return;\nreturn msg;' });
    h.input({ payload: 1 });
    h.input({ payload: 2 });
    h.input({ payload: 3 });
    expect(payloads(await h.next())).toEqual([3]);
    await h.idle();
    expect(h.outputs(h.nodeId)).toHaveLength(1);
    expect(h.errors()).toEqual([]);
  });

  it('reports a return value that is not a message', async () => {
    const h = await start({ code: 'return 42;' });
    h.input({ payload: 1 });
    await h.waitForEvent((e) => e.type === 'error');
    expect(errorsOf(h)[0]).toMatchObject({
      code: 'function_invalid_output',
      message: expect.stringContaining('number'),
    });
  });

  it('sends with node.send in sync code, before the returned message', async () => {
    const h = await start({
      code: 'node.send({ payload: "first" });\nnode.send([null, { payload: "p1" }]);\nreturn msg;',
      outputs: 2,
    });
    h.input({ payload: 'last' });
    expect(payloads(await h.next(2))).toEqual(['first', 'last']);
    expect(payloads(await h.next(1, { port: 1 }))).toEqual(['p1']);
  });

  it('runs async code: node.send before an await leaves at once, the rest after the timer', async () => {
    const h = await start({
      code: 'node.send({ payload: "early" });\nawait new Promise((r) => setTimeout(r, 30));\nnode.send({ payload: "late" });\nmsg.payload += 1;\nreturn msg;',
    });
    const t0 = Date.now();
    h.input({ payload: 1 });
    expect(payloads(await h.next(1))).toEqual(['early']);
    expect(h.outputs(h.nodeId)).toHaveLength(1);
    expect(payloads(await h.next(3))).toEqual(['early', 'late', 2]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(h.errors()).toEqual([]);
  });

  it('runs timers in sync code and node.send from their callbacks', async () => {
    const h = await start({
      code: 'const id = setTimeout(() => node.send({ payload: "cancelled" }), 10);\nclearTimeout(id);\nsetTimeout(() => node.send({ payload: msg.payload + "!" }), 10);\nreturn null;',
    });
    h.input({ payload: 'tick' });
    expect(payloads(await h.next())).toEqual(['tick!']);
    await sleep(30);
    expect(h.outputs(h.nodeId)).toHaveLength(1);
  });

  it('publishes node.status, node.warn, node.log and console output as events', async () => {
    const h = await start({
      code: 'node.status({ fill: "green", shape: "dot", text: "ok " + msg.payload });\nnode.warn("careful");\nnode.log({ a: 1 });\nconsole.error("bad", 2);\nreturn msg;',
    });
    h.input({ payload: 5 });
    await h.next();
    expect(h.statuses().map((s) => s.status)).toEqual([{ fill: 'green', shape: 'dot', text: 'ok 5' }]);
    expect(h.logs().map((l) => [l.level, l.message])).toEqual([
      ['warn', 'careful'],
      ['info', '{"a":1}'],
      ['error', 'bad 2'],
    ]);
  });

  it('exposes node.id, node.name and env.get', async () => {
    const h = await start(
      { code: 'return { payload: [node.id, node.outputCount, env.get("LINE"), env.get("NOPE")] };' },
      { env: { LINE: 'L1' } },
    );
    h.input({});
    expect(payloads(await h.next())).toEqual([['node-under-test', 1, 'L1', undefined]]);
  });

  it('keeps context, flow and global values across messages; global is shared between nodes', async () => {
    const globalContext = new MemoryContextStore();
    const counter =
      'const n = (context.get("n") || 0) + 1;\ncontext.set("n", n);\nconst previous = flow.get("last");\nflow.set("last", msg.payload);\n' +
      'global.set("seen", (global.get("seen") || []).concat(node.id));\nreturn { payload: [n, previous, context.keys()] };';
    const h = await runFlow(
      flowOf([node('a', 'function', { code: counter }), node('b', 'function', { code: counter })]),
      [fn],
      {
        globalContext,
      },
    );
    running.push(h);
    h.send('a', { payload: 'x' });
    h.send('a', { payload: 'y' });
    await h.waitForOutputs('a', 2);
    h.send('b', { payload: 'z' });
    await h.waitForOutputs('b', 1);
    expect(payloads(h.outputs('a'))).toEqual([
      [1, undefined, ['n']],
      [2, 'x', ['n']],
    ]);
    // b has its own node context but sees the flow value a wrote.
    expect(payloads(h.outputs('b'))).toEqual([[1, 'y', ['n']]]);
    expect(globalContext.get('seen')).toEqual(['a', 'a', 'b']);
  });

  it('stores copies in context: changing an object after set does not change the stored value', async () => {
    const h = await start({
      code: 'const o = { v: 1 };\ncontext.set("o", o);\no.v = 2;\nreturn { payload: context.get("o").v };',
    });
    h.input({});
    expect(payloads(await h.next())).toEqual([1]);
  });

  it('routes a thrown error with its message and line to catch nodes', async () => {
    const h = await runFlow(
      flowOf([
        node('f', 'function', {
          code: 'const x = 1;\nif (msg.payload > 1) throw new RangeError("too big: " + msg.payload);\nreturn msg;',
        }),
        node('c', 'catcher'),
      ]),
      [fn, catcher],
    );
    running.push(h);
    h.send('f', { payload: 5, topic: 'oven' });
    const [caught] = await h.waitForOutputs('c', 1);
    expect(caught).toMatchObject({ payload: 5, topic: 'oven' });
    expect(caught?.error).toMatchObject({ code: 'function_error', name: 'RangeError', nodeId: 'f' });
    expect(caught?.error?.message).toBe('too big: 5 (line 2, col 28)');
  });

  it('reports the line of an error thrown after an await', async () => {
    const h = await start({ code: 'await null;\n\nthrow new Error("late failure");' });
    h.input({ payload: 1 });
    await h.waitForEvent((e) => e.type === 'error');
    expect(errorsOf(h)[0]?.message).toBe('late failure (line 3, col 7)');
  });

  it('routes node.error(err, msg) to catch nodes with that message', async () => {
    const h = await runFlow(
      flowOf([
        node('f', 'function', { code: 'msg.note = "flagged";\nnode.error("bad part", msg);\nreturn null;' }),
        node('c', 'catcher'),
      ]),
      [fn, catcher],
    );
    running.push(h);
    h.send('f', { payload: 'p' });
    const [caught] = await h.waitForOutputs('c', 1);
    expect(caught).toMatchObject({ payload: 'p', note: 'flagged', error: { message: 'bad part' } });
  });

  it('runs a burst of 1000 messages in order with the right values', async () => {
    const h = await start({ code: 'msg.payload = msg.payload * 3;\nreturn msg;' });
    for (let i = 0; i < 1000; i++) h.input({ payload: i });
    const out = await h.next(1000);
    expect(payloads(out)).toEqual(Array.from({ length: 1000 }, (_, i) => i * 3));
  });

  it('loses no other message of a batch when one throws, and attributes each error to its message', async () => {
    const code = 'if (msg.payload % 100 === 50) throw new Error("bad " + msg.payload);\nreturn msg;';
    const h = await runFlow(flowOf([node('f', 'function', { code }), node('c', 'catcher')]), [fn, catcher]);
    running.push(h);
    for (let i = 0; i < 600; i++) h.send('f', { payload: i });
    const out = await h.waitForOutputs('f', 594);
    expect(payloads(out)).toEqual(Array.from({ length: 600 }, (_, i) => i).filter((i) => i % 100 !== 50));
    const caught = await h.waitForOutputs('c', 6);
    expect(caught.map((m) => [m.payload, m.error?.message])).toEqual(
      [50, 150, 250, 350, 450, 550].map((i) => [i, `bad ${i} (line 1, col 37)`]),
    );
  });

  it('reports a message that cannot be copied into the sandbox and runs the rest of its batch', async () => {
    const h = await start({ code: 'return msg;' });
    h.input({ payload: 1 });
    h.input({ payload: 2, callback: () => 'not data' });
    h.input({ payload: 3 });
    expect(payloads(await h.next(2))).toEqual([1, 3]);
    expect(errorsOf(h)).toEqual([expect.objectContaining({ code: 'function_uncloneable_message' })]);
  });

  it('runs a burst of async messages, more than may await at once, in order', async () => {
    const h = await start({ code: 'await new Promise((r) => setTimeout(r, 5));\nmsg.payload += 1000;\nreturn msg;' });
    for (let i = 0; i < 600; i++) h.input({ payload: i });
    const out = await h.next(600, { timeoutMs: 10_000 });
    expect(payloads(out)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1000));
    expect(h.errors()).toEqual([]);
  });

  it('stops an infinite loop with function_timeout and runs the next message', async () => {
    const h = await start({ code: 'if (msg.payload === "loop") while (true) {}\nreturn msg;', timeoutMs: 50 });
    h.input({ payload: 'loop' });
    await h.waitForEvent((e) => e.type === 'error', 5_000);
    expect(errorsOf(h)[0]).toMatchObject({ code: 'function_timeout', message: expect.stringContaining('50 ms') });
    h.input({ payload: 'after' });
    expect(payloads(await h.next())).toEqual(['after']);
  });

  it('keeps the messages before and after an infinite loop in the middle of a batch', async () => {
    const h = await start({ code: 'if (msg.payload === 100) while (true) {}\nreturn msg;', timeoutMs: 50 });
    for (let i = 0; i < 300; i++) h.input({ payload: i });
    const out = await h.next(299, { timeoutMs: 5_000 });
    expect(payloads(out)).toEqual(Array.from({ length: 300 }, (_, i) => i).filter((i) => i !== 100));
    const errs = h.errors();
    expect(errs).toHaveLength(1);
    expect(errs[0]?.error.code).toBe('function_timeout');
  });

  it('ends a memory bomb with function_memory_limit, rebuilds the sandbox and runs initCode again', async () => {
    const h = await start({
      memoryLimitMb: 16,
      initCode:
        'globalThis.ready = (globalThis.ready || 0) + 1;\ncontext.set("inits", (context.get("inits") || 0) + 1);',
      code: 'if (msg.payload === "bomb") { const a = []; while (true) a.push(new Array(1e6).fill(1)); }\nreturn { payload: [msg.payload, globalThis.ready, context.get("inits")] };',
    });
    h.input({ payload: 'before' });
    await h.next();
    h.input({ payload: 'bomb' });
    h.input({ payload: 'after' });
    const out = await h.next(2, { timeoutMs: 10_000 });
    // A fresh isolate: its global starts over, and initCode ran a second time.
    expect(payloads(out)).toEqual([
      ['before', 1, 1],
      ['after', 1, 2],
    ]);
    expect(errorsOf(h)).toEqual([expect.objectContaining({ code: 'function_memory_limit' })]);
    expect(h.errors()[0]?.msgId).toBeDefined();
  });

  it('after a memory bomb, runs the messages that shared its crossing exactly once', async () => {
    const h = await start({
      memoryLimitMb: 16,
      code: 'if (msg.payload === 3) { let s = "x"; const a = []; while (true) a.push(s += a.length); }\nreturn msg;',
    });
    for (let i = 0; i < 8; i++) h.input({ payload: i });
    const out = await h.next(7, { timeoutMs: 10_000 });
    await h.idle();
    expect(payloads(h.outputs(h.nodeId))).toEqual([0, 1, 2, 4, 5, 6, 7]);
    expect(payloads(out)).toEqual([0, 1, 2, 4, 5, 6, 7]);
    expect(errorsOf(h).map((e) => e.code)).toEqual(['function_memory_limit']);
  });

  it('fails an async message whose promise never settles after asyncTimeoutMs, and keeps going', async () => {
    const h = await start({
      asyncTimeoutMs: 80,
      code: 'if (msg.payload === "hang") await new Promise(() => {});\nelse await null;\nreturn msg;',
    });
    h.input({ payload: 'hang' });
    h.input({ payload: 'fine' });
    expect(payloads(await h.next())).toEqual(['fine']);
    expect(h.errors()).toEqual([]);
    const err = await h.waitForEvent((e) => e.type === 'error', 2_000);
    expect(err).toMatchObject({ error: { code: 'function_timeout', message: expect.stringContaining('80 ms') } });
  });

  it('never runs timers after close', async () => {
    const globalContext = new MemoryContextStore();
    const h = await start(
      {
        code: 'setTimeout(() => { global.set("fired", msg.payload); node.warn("fired"); }, msg.payload);\nsetInterval(() => global.set("ticks", (global.get("ticks") || 0) + 1), 5);\nreturn msg;',
      },
      { globalContext },
    );
    h.input({ payload: 10 });
    await h.next();
    await sleep(40);
    expect(globalContext.get('fired')).toBe(10); // the timer path works while running
    h.input({ payload: 60 });
    await h.next(2);
    await h.stop();
    const ticks = globalContext.get('ticks');
    await sleep(120);
    expect(globalContext.get('fired')).toBe(10);
    expect(globalContext.get('ticks')).toBe(ticks);
    expect(h.logs().filter((l) => l.message === 'fired')).toHaveLength(1);
  });

  it('runs initCode before the first message and finalizeCode at close', async () => {
    const globalContext = new MemoryContextStore();
    const h = await start(
      {
        initCode: 'await new Promise((r) => setTimeout(r, 5));\nglobalThis.factor = 10;',
        finalizeCode: 'global.set("closed", node.id);',
        code: 'return { payload: msg.payload * factor };',
      },
      { globalContext },
    );
    h.input({ payload: 4 });
    expect(payloads(await h.next())).toEqual([40]);
    await h.stop();
    expect(globalContext.get('closed')).toBe('node-under-test');
  });

  it('fails to start on a syntax error, naming the line', async () => {
    const h = await start({ code: 'const a = 1;\nreturn a +;' });
    const failed = h.errors()[0]?.error as SerializedError;
    expect(failed).toMatchObject({ code: 'function_syntax_error' });
    expect(failed.message).toMatch(/function\.js:2:/);
  });

  it('fails to start when initCode throws', async () => {
    const h = await start({ initCode: 'throw new Error("no config");' });
    expect(h.errors()[0]?.error.message).toContain('no config');
    h.input({ payload: 1 });
    await h.idle();
    expect(h.outputs(h.nodeId)).toEqual([]);
  });
});
