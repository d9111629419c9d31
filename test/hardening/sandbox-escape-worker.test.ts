import type { DebugEvent, ErrorEvent } from '@millwright/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowManager } from '../../runtime/src/engine/flow-manager.js';
import { debugFrom, errorFrom, eventually, flow, functionFlow, startManager } from './worker-flows.js';

/**
 * Sandbox attacks through the real function node in a real flow worker (FlowManager with worker
 * isolation), next to the unit-level cases in nodes/core/function/sandbox-escape.test.ts. Each
 * attack node runs its attack on its first message and answers "still working" afterwards; after
 * every attack the test checks that the attacked node still answers, that a canary flow in
 * another worker still answers, and (at the end) that no worker crashed or restarted.
 */
type Outcome = { kind: 'error'; code: string; message: string } | { kind: 'out'; values: unknown[] };
const fails = (code: string, message?: RegExp) => (o: Outcome) => {
  expect(o).toMatchObject({ kind: 'error', code });
  if (message && o.kind === 'error') expect(o.message).toMatch(message);
};
const sends =
  (...values: unknown[]) =>
  (o: Outcome) =>
    expect(o).toEqual({ kind: 'out', values });
/** No host file, module or internal frame in a stack the sandbox built. */
const noHostFrames = (o: Outcome) => {
  expect(o.kind).toBe('out');
  const text = JSON.stringify(o.kind === 'out' ? o.values : o);
  expect(text).toMatch(/function\.js/);
  expect(text).not.toMatch(/\/work\/|node:|file:|\.ts\b|node_modules|runtime|worker/);
};

const ATTACKS: Record<string, { code: string; expect: (o: Outcome) => void }> = {
  // A promise chain that never ends keeps the microtask queue busy after the function returned. It
  // allocates as it spins, so on a slow machine the memory limit may stop it before the time limit.
  microtaskLoop: {
    code: 'const spin = () => Promise.resolve().then(spin);\nspin();\nreturn msg;',
    expect: (o) => {
      expect(o.kind).toBe('error');
      expect(['function_timeout', 'function_memory_limit']).toContain(o.kind === 'error' ? o.code : '');
    },
  },
  hugeArrayBuffer: {
    code: 'const b = new ArrayBuffer(2 * 1024 ** 3);\nreturn { payload: b.byteLength };',
    expect: fails('function_error', /Array buffer allocation failed/),
  },
  hugeString: {
    code: "return { payload: 'x'.repeat(2 ** 30).length };",
    expect: fails('function_error', /Invalid string length/),
  },
  // 2 ** 24 doubles (128 MB) against a 32 MB sandbox. See docs/hardening.md for 2 ** 28.
  hugeArray: {
    code: 'const a = new Array(2 ** 24).fill(1.5);\nreturn { payload: a.length };',
    expect: fails('function_memory_limit'),
  },
  deepRecursion: {
    code: 'function f(n) { return f(n + 1) + 1; }\nreturn { payload: f(0) };',
    expect: fails('function_error', /call stack/),
  },
  captureStackTrace: {
    code: "Error.stackTraceLimit = Infinity;\nconst o = {};\nError.captureStackTrace(o);\nreturn { payload: o.stack + '\\n' + new Error('x').stack };",
    expect: noHostFrames,
  },
  prepareStackTrace: {
    code: 'Error.stackTraceLimit = Infinity;\nError.prepareStackTrace = (e, cs) => cs.map((c) => [c.getFileName(), c.getEvalOrigin(), String(c.getFunction()).slice(0, 30)]);\nreturn { payload: new Error("x").stack };',
    expect: noHostFrames,
  },
  proxyGet: { code: 'return new Proxy(msg, { get() { while (true) {} } });', expect: fails('function_timeout') },
  proxyDescriptor: {
    code: 'return new Proxy({ payload: 1 }, { getOwnPropertyDescriptor() { while (true) {} } });',
    expect: fails('function_timeout'),
  },
  getterPayload: { code: 'return { get payload() { while (true) {} } };', expect: fails('function_timeout') },
  // The sandbox's own array handling must not consult a user-defined species.
  species: {
    code: 'Object.defineProperty(Array, Symbol.species, { get() { while (true) {} } });\nreturn [[{ payload: 1 }, { payload: 2 }]];',
    expect: sends(1, 2),
  },
  toStringOverrides: {
    code: 'Function.prototype.toString = () => { while (true) {} };\nObject.prototype.toString = () => { while (true) {} };\nreturn { payload: "fine" };',
    expect: sends('fine'),
  },
  thenOverride: {
    code: 'Promise.prototype.then = function () { while (true) {} };\nawait null;\nreturn { payload: "after await" };',
    expect: sends('after await'),
  },
  // Converting what was thrown into an error must not run user code on the host.
  hostileThrow: {
    code: 'throw { [Symbol.toPrimitive]() { while (true) {} }, toString() { while (true) {} }, get message() { while (true) {} }, get stack() { while (true) {} } };',
    expect: fails('function_timeout'),
  },
};

const wrap = (attack: string) =>
  `const n = (context.get('n') || 0) + 1;\ncontext.set('n', n);\nif (n > 1) return { payload: 'still working' };\n${attack}`;

let ctx: Awaited<ReturnType<typeof startManager>>;
let manager: FlowManager;
let canaryCount = 0;
beforeAll(async () => {
  ctx = await startManager();
  manager = ctx.manager;
  const attackFlows = Object.entries(ATTACKS).map(([id, a]) => functionFlow(id, wrap(a.code)));
  const all = flow(
    'attacks',
    attackFlows.flatMap((f) => f.nodes),
    attackFlows.flatMap((f) => f.wires),
  );
  const canary = functionFlow(
    'canary',
    "context.set('c', (context.get('c') || 0) + 1);\nreturn { payload: context.get('c') };",
  );
  await manager.deploy([all, canary], 'full');
}, 60_000);
afterAll(async () => {
  await manager?.stop();
});

async function outcomeOf(id: string): Promise<Outcome> {
  await manager.inject(`${id}-in`);
  const first = await eventually(ctx.events, (e) => debugFrom(`${id}-out`)(e) || errorFrom(id)(e), 15_000);
  if (first.type === 'error') {
    const { code = '', message } = (first as ErrorEvent).error;
    return { kind: 'error', code, message };
  }
  await new Promise((r) => setTimeout(r, 100)); // the rest of the same crossing's output
  return { kind: 'out', values: ctx.events.filter(debugFrom(`${id}-out`)).map((e) => (e as DebugEvent).value) };
}

async function hostStillServes(id: string): Promise<void> {
  await manager.inject(`${id}-in`);
  await eventually(ctx.events, (e) => debugFrom(`${id}-out`)(e) && (e as DebugEvent).value === 'still working');
  const expected = ++canaryCount;
  await manager.inject('canary-in');
  await eventually(ctx.events, (e) => debugFrom('canary-out')(e) && (e as DebugEvent).value === expected);
}

describe('function sandbox attacks in a flow worker', () => {
  for (const [id, attack] of Object.entries(ATTACKS)) {
    it(`${id}: contained, and the worker keeps serving`, async () => {
      attack.expect(await outcomeOf(id));
      await hostStillServes(id);
    });
  }

  it('no attack crashed or restarted a worker', () => {
    expect(manager.states()).toEqual([
      { flowId: 'attacks', state: 'running', restarts: 0 },
      { flowId: 'canary', state: 'running', restarts: 0 },
    ]);
    expect(ctx.events.filter((e) => e.type === 'flow-state' && e.state === 'crashed')).toEqual([]);
  });
});
