import type { FlowMessage } from '@millwright/model';
import { testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import fn from './index.js';

/**
 * Each case runs `attack` for a message with payload "attack" and `return msg` otherwise, so the
 * test can check both what the attack got (an error, or a harmless value) and that the node keeps
 * working afterwards.
 */
let running: NodeHarness[] = [];
afterEach(async () => {
  await Promise.all(running.map((h) => h.stop()));
  running = [];
});

async function attack(code: string, config: Record<string, unknown> = {}) {
  const node = await testNode(fn, {
    config: { timeoutMs: 200, ...config, code: `if (msg.payload === "attack") {\n${code}\n}\nreturn msg;` },
  });
  running.push(node);
  node.input({ payload: 'attack' });
  node.input({ payload: 'still working' });
  await node.waitForOutputs(node.nodeId, 1, { timeoutMs: 5_000 }).catch(() => undefined);
  await node.idle();
  await waitUntil(() => node.outputs(node.nodeId).some((m) => m.payload === 'still working'));
  const outputs = node.outputs(node.nodeId).filter((m) => m.payload !== 'still working');
  return { outputs, errors: node.errors().map((e) => e.error), harness: node };
}

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const only = (outputs: FlowMessage[]) => {
  expect(outputs).toHaveLength(1);
  return outputs[0]?.payload;
};

describe('function node sandbox', () => {
  it('this.constructor.constructor("return process")() fails: no process in the isolate', async () => {
    const r = await attack('return { payload: this.constructor.constructor("return process")() };');
    expect(r.outputs).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({ name: 'ReferenceError', message: expect.stringContaining('process is not defined') }),
    ]);
  });

  it('msg.constructor.constructor gives the isolate Function, not the host one', async () => {
    const r = await attack(
      'return { payload: msg.constructor.constructor("return typeof process + typeof require")() };',
    );
    expect(only(r.outputs)).toBe('undefinedundefined');
  });

  it('(function(){ return this })() is the isolate global, without host objects', async () => {
    const r = await attack(
      'const g = (function () { return this; })();\nreturn { payload: [typeof g.process, typeof g.require, typeof g.Buffer, typeof g.module, g === globalThis] };',
    );
    expect(only(r.outputs)).toEqual(['undefined', 'undefined', 'undefined', 'undefined', true]);
  });

  it('globalThis.process and require are absent', async () => {
    const r = await attack('return { payload: [typeof globalThis.process, typeof require, typeof __dirname] };');
    expect(only(r.outputs)).toEqual(['undefined', 'undefined', 'undefined']);
    const r2 = await attack('require("fs");');
    expect(r2.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('require is not defined') }),
    ]);
  });

  it('dynamic import() is refused', async () => {
    const r = await attack('const fs = await import("fs");\nreturn { payload: typeof fs.readFileSync };');
    expect(r.outputs).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.code).toBe('function_error');
  });

  it('Function("return process")() fails', async () => {
    const r = await attack('return { payload: Function("return process")() };');
    expect(r.errors).toEqual([expect.objectContaining({ name: 'ReferenceError' })]);
  });

  it('prototype pollution inside the sandbox does not reach the host or the message', async () => {
    const r = await attack(
      'Object.prototype.polluted = "yes";\nArray.prototype.polluted = "yes";\nmsg.__proto__.viaMsg = "yes";\nmsg["__proto__"] = { inherited: "yes" };\nreturn { payload: { list: [1] }, ["__proto__"]: { inherited: "yes" } };',
    );
    const out = r.outputs[0];
    expect(out).toBeDefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['viaMsg']).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as Record<string, unknown>)['inherited']).toBeUndefined();
    expect((out as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('setters planted on Object.prototype and Array.prototype cannot put a hanging getter on the output', async () => {
    // If the copy-out ran such a getter, isolated-vm would run it without a time limit and hang
    // the host; the sandbox builds outputs so these setters never see them.
    const plant =
      'const evil = { configurable: true, set(v) { Object.defineProperty(this, "evil", { enumerable: true, get() { while (true) {} } }); } };\n' +
      'Object.defineProperty(Object.prototype, "payload", evil);\nObject.defineProperty(Object.prototype, "k", evil);\nObject.defineProperty(Object.prototype, "v", evil);\n' +
      'Object.defineProperty(Array.prototype, "0", evil);\nObject.defineProperty(Array.prototype, "1", evil);\n';
    const r = await attack(`${plant}node.send({ payload: [1, 2] });\nreturn { payload: { k: 1, v: [3] } };`);
    expect(r.outputs.map((m) => m.payload)).toEqual([[1, 2], { k: 1, v: [3] }]);
    expect(r.outputs.every((m) => !('evil' in m))).toBe(true);
  });

  it('Error.prepareStackTrace sees only sandbox frames, and a hanging one is stopped by the time limit', async () => {
    const r = await attack(
      'Error.prepareStackTrace = (e, frames) => frames.map((f) => [typeof f.getThis(), String(f.getFunction()).slice(0, 40)]);\n' +
        'const frames = new Error("x").stack;\nreturn { payload: frames };',
    );
    const frames = only(r.outputs) as Array<[string, string]>;
    const seen = JSON.stringify(frames);
    expect(seen).not.toMatch(/hostContext|runBatch|progress/);
    // The frame calling user code belongs to the strict bootstrap: no this, no function.
    expect(frames.at(-1)).toEqual(['undefined', 'undefined']);

    const r2 = await attack('Error.prepareStackTrace = () => { while (true) {} };\nthrow new Error("x");');
    expect(r2.errors.map((e) => e.code)).toEqual(['function_timeout']);
  });

  it('fn.caller cannot climb out of user code', async () => {
    const r = await attack('return { payload: String((function f() { return f.caller && f.caller.caller; })()) };');
    expect(only(r.outputs)).toBe('null');
  });

  it('node.send with a getter runs the getter inside the sandbox only', async () => {
    const r = await attack('node.send({ get payload() { return typeof process; } });\nreturn null;');
    expect(only(r.outputs)).toBe('undefined');
  });

  it('node.send with a hanging proxy or getter ends with a timeout, not a hung host', async () => {
    const trap = 'new Proxy({}, { ownKeys() { while (true) {} } })';
    const r = await attack(`node.send(${trap});\nreturn null;`);
    expect(r.outputs).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['function_timeout']);

    const r2 = await attack('context.set("x", { get a() { while (true) {} } });');
    expect(r2.errors.map((e) => e.code)).toEqual(['function_timeout']);
  });

  it('a circular value is refused with an error', async () => {
    const r = await attack('const a = {};\na.self = a;\nreturn { payload: a };');
    expect(r.outputs).toEqual([]);
    expect(r.errors[0]?.message).toContain('nested more than');
  });

  it('deep recursion is a RangeError for that message, not a crash', async () => {
    const r = await attack('function f() { f(); }\nf();');
    expect(r.errors).toEqual([
      expect.objectContaining({ name: 'RangeError', message: expect.stringContaining('call stack') }),
    ]);
  });

  it('Atomics.wait on a shared buffer is stopped by the time limit', async () => {
    const r = await attack('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);');
    expect(r.errors.map((e) => e.code)).toEqual(['function_timeout']);
  });

  it('replaced globals (Date.now, JSON, Array.from) do not break the sandbox machinery', async () => {
    const r = await attack(
      'Date.now = () => 0;\nJSON.stringify = () => { throw new Error("no"); };\nArray.from = () => { while (true) {} };\nReflect.apply = null;\nreturn { payload: [1, { a: 2 }] };',
    );
    expect(only(r.outputs)).toEqual([1, { a: 2 }]);
    expect(r.harness.errors()).toEqual([]);
  });
});
